/**
 * The few FHIR R4 data types the export writes (https://hl7.org/fhir/R4/), typed narrowly so a
 * presenter cannot put a field where R4 has none. Every resource written is validated against
 * the R4 structure definitions in the tests (test/support/fhir.ts).
 */

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Identifier {
  system: string;
  value: string;
  extension?: Extension[];
}

/** A reference to an entry of the bundle (`urn:uuid:…`), or a display (and identifier) only. */
export interface Reference {
  reference?: string;
  identifier?: Omit<Identifier, 'extension'>;
  display?: string;
}

export interface Extension {
  url: string;
  valueCodeableConcept?: CodeableConcept;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Meta {
  profile: string[];
}

/** Any resource of the export: its type, id (the uuid of its fullUrl) and UK Core profile. */
export interface Resource {
  resourceType: string;
  id: string;
  meta?: Meta;
  [element: string]: unknown;
}

export interface BundleEntry {
  fullUrl: string;
  resource: Resource;
}

export interface Bundle {
  resourceType: 'Bundle';
  id: string;
  meta?: { lastUpdated: string };
  type: 'collection';
  timestamp: string;
  entry: BundleEntry[];
}
