import type { ReleasedItem } from '../disclosures/released.ts';
import type { BundleStamp, CaseExport } from './export.ts';
import { carePlanResource, consentResource, liaisonResource } from './presenter-health.ts';
import { episodeResource, patientResource, serviceRequestResource } from './presenter-record.ts';
import {
  adviceResource,
  closureResource,
  provenanceResource,
  releasedResource,
} from './presenter-shared.ts';
import type { Bundle, Resource } from './types.ts';

/**
 * The FHIR R4 export of a case (docs/api.md "FHIR"): a `collection` Bundle of what one viewer
 * may see, each entry under a `urn:uuid:` fullUrl that is also the resource's id, entries
 * referring to each other by those. Pure: what is in `data` was decided by the access core.
 */

export const FHIR_JSON = 'application/fhir+json';

/** A collection bundle of these resources. */
export function bundleOf(
  entries: { id: string; resource: Resource }[],
  stamp: BundleStamp,
): Bundle {
  const timestamp = stamp.at.toISOString();
  return {
    resourceType: 'Bundle',
    id: stamp.id,
    meta: { lastUpdated: timestamp },
    type: 'collection',
    timestamp,
    entry: entries.map(({ id, resource }) => ({ fullUrl: `urn:uuid:${id}`, resource })),
  };
}

/** Released copies grouped by the decision that released them, in the order given. */
function byDecision(items: ReleasedItem[]): ReleasedItem[][] {
  const groups = new Map<string, ReleasedItem[]>();
  for (const item of items) {
    groups.set(item.disclosureId, [...(groups.get(item.disclosureId) ?? []), item]);
  }
  return [...groups.values()];
}

export function caseBundle(data: CaseExport, stamp: BundleStamp): Bundle {
  const entries: { id: string; resource: Resource }[] = [];
  const add = (make: (id: string) => Resource): string => {
    const id = stamp.uuid();
    entries.push({ id, resource: make(id) });
    return id;
  };
  const patient = data.person ? add((id) => patientResource(data.person!, id)) : null;
  const request =
    patient && data.request ? add((self) => serviceRequestResource(data, { self, patient })) : null;
  const episode =
    patient && data.shared
      ? add((self) => episodeResource(data, { self, patient, request }))
      : null;
  const around = { patient, episode };
  for (const advice of data.shared?.advice ?? []) {
    add((self) => adviceResource(advice, { self, ...around }));
  }
  const closure = data.shared?.closureSummary;
  if (closure) add((self) => closureResource(closure, { self, ...around }));
  if (data.health && patient) {
    const { consents, plan, liaison } = data.health;
    consents.forEach((entry, index) =>
      add((self) =>
        consentResource(entry, {
          ids: { self, patient, episode },
          inForce: index === consents.length - 1,
        }),
      ),
    );
    if (plan) {
      add((self) =>
        carePlanResource(plan, {
          ids: { self, patient, episode },
          caseClosed: data.header.status === 'closed',
        }),
      );
    }
    for (const contact of liaison)
      add((self) => liaisonResource(contact, { self, patient, episode }));
  }
  for (const items of byDecision(data.released)) {
    const targets = items.map((item) => add((self) => releasedResource(item, { self, ...around })));
    add((self) => provenanceResource(items, { self, targets }));
  }
  return bundleOf(entries, stamp);
}

/** A file name for the download: the case reference only (no personal data). */
export const bundleFilename = (reference: string, at: Date): string =>
  `cicero-${reference.replace(/[^A-Za-z0-9-]/g, '')}-fhir-${at.toISOString().slice(0, 10)}.json`;
