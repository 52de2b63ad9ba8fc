import { z } from 'zod';
import {
  CONSENT_ANSWERS,
  isExternalMethod,
  isLegalBasisFor,
  type DisclosureDirection,
} from '../../domain/disclosures.ts';
import { formErrors, type FormErrors } from '../../web/forms.ts';
import type { DisclosureInput } from './drafts.ts';

/** The fields of the journey, in page order (the error summary follows it). */
export const FIELDS = [
  'items',
  'summary',
  'recipients',
  'otherIds',
  'otherReason',
  'organisation',
  'team',
  'person',
  'method',
  'address',
  'purpose',
  'legalBasis',
  'necessity',
  'consent',
  'consentNote',
  'personTold',
  'personToldNote',
] as const;

/** What the user sent, kept to show the page again: arrays for checkboxes, text otherwise. */
export interface DisclosureValues {
  items: string[];
  summary: string;
  recipients: string[];
  otherIds: string[];
  otherReason: string;
  organisation: string;
  team: string;
  person: string;
  method: string;
  address: string;
  purpose: string;
  legalBasis: string;
  necessity: string;
  consent: string;
  consentNote: string;
  personTold: string;
  personToldNote: string;
}

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
const text = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) ? String(value.at(-1) ?? '') : '';

export function valuesOf(body: unknown): DisclosureValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    items: list(b.items),
    summary: text(b.summary),
    recipients: list(b.recipients),
    otherIds: list(b.otherIds),
    otherReason: text(b.otherReason),
    organisation: text(b.organisation),
    team: text(b.team),
    person: text(b.person),
    method: text(b.method),
    address: text(b.address),
    purpose: text(b.purpose),
    legalBasis: text(b.legalBasis),
    necessity: text(b.necessity),
    consent: text(b.consent),
    consentNote: text(b.consentNote),
    personTold: text(b.personTold),
    personToldNote: text(b.personToldNote),
  };
}

const required = (empty: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`);
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .transform((s) => (s === '' ? null : s));

const CASE_OFFICER = 'case_officer';
const LEAD = 'lead:';

function schema(direction: DisclosureDirection) {
  return z.object({
    items: z.array(z.string().max(200)).max(50),
    summary: optional(5000),
    recipients: z.array(z.string().max(100)).max(50),
    otherIds: z.array(z.string().max(100)).max(50),
    otherReason: optional(1000),
    organisation: optional(200),
    team: optional(200),
    person: optional(200),
    method: z.string(),
    address: optional(1000),
    purpose: required('Enter the purpose of the disclosure', 2000),
    legalBasis: z.string().refine((v) => isLegalBasisFor(direction, v), 'Select the legal basis'),
    necessity: required('Enter why the disclosure is necessary and proportionate', 5000),
    consent: z
      .string()
      .refine(
        (v) => CONSENT_ANSWERS.some((c) => c.code === v),
        'Select whether consent was sought',
      ),
    consentNote: required('Enter how consent was sought, or why it was not sought', 2000),
    personTold: z.enum(['yes', 'no'], { error: 'Select whether the person was told' }),
    personToldNote: optional(2000),
  });
}

/** The recipient outside Cicero: an organisation, a team or person, how, and where. */
function externalIssues(v: DisclosureValues): [string, string][] {
  const issues: [string, string][] = [];
  if (!v.organisation.trim()) issues.push(['organisation', 'Enter the organisation']);
  if (!v.team.trim() && !v.person.trim()) {
    issues.push(['team', 'Enter the team or the named person it is for']);
  }
  if (!isExternalMethod(v.method)) issues.push(['method', 'Select how it will be sent']);
  if (!v.address.trim()) {
    issues.push([
      'address',
      v.method === 'secure_email' ? 'Enter the secure email address' : 'Enter the postal address',
    ]);
  }
  return issues;
}

/**
 * Rules across fields, checked on the raw values so they are reported together with the
 * field-level errors (zod skips refinements when any field fails).
 */
function crossFieldIssues(direction: DisclosureDirection, v: DisclosureValues): [string, string][] {
  const issues: [string, string][] = [];
  if (v.items.length === 0 && !v.summary.trim()) {
    issues.push(['items', 'Choose what to release, or write a summary for this disclosure']);
  }
  if (direction === 'health_to_police' && v.recipients.length === 0 && v.otherIds.length === 0) {
    issues.push(['recipients', 'Choose who the information is released to']);
  }
  if (direction === 'health_to_external') issues.push(...externalIssues(v));
  if (v.otherIds.length > 0 && !v.otherReason.trim()) {
    issues.push(['otherReason', 'Enter why the other people you named need to know']);
  }
  if (v.legalBasis === 'consent' && v.consent !== 'given') {
    issues.push(['legalBasis', 'Consent can be the legal basis only when the person gave it']);
  }
  if (v.personTold === 'no' && !v.personToldNote.trim()) {
    issues.push(['personToldNote', 'Enter why the person was not told']);
  }
  return issues;
}

export type ParsedDisclosure =
  | { ok: true; input: DisclosureInput; values: DisclosureValues }
  | { ok: false; errors: FormErrors; values: DisclosureValues };

/** Parses the journey's answers; errors come in page order, one per field. */
export function parseDisclosure(direction: DisclosureDirection, body: unknown): ParsedDisclosure {
  const values = valuesOf(body);
  const parsed = schema(direction).safeParse(values);
  const cross = crossFieldIssues(direction, values);
  if (!parsed.success || cross.length) {
    const pairs = [
      ...(parsed.success ? [] : parsed.error.issues).map(
        (i) => [String(i.path[0] ?? 'items'), i.message] as [string, string],
      ),
      ...cross,
    ];
    pairs.sort(
      (a, b) =>
        FIELDS.indexOf(a[0] as (typeof FIELDS)[number]) -
        FIELDS.indexOf(b[0] as (typeof FIELDS)[number]),
    );
    return { ok: false, errors: formErrors(pairs), values };
  }
  const d = parsed.data;
  return {
    ok: true,
    values,
    input: {
      itemKeys: d.items,
      summary: d.summary,
      recipients: {
        caseOfficer: d.recipients.includes(CASE_OFFICER),
        policeLeadIds: d.recipients
          .filter((r) => r.startsWith(LEAD))
          .map((r) => r.slice(LEAD.length)),
        otherIds: d.otherIds,
        otherReason: d.otherIds.length ? d.otherReason : null,
      },
      purpose: d.purpose,
      legalBasis: d.legalBasis,
      necessity: d.necessity,
      consent: d.consent as DisclosureInput['consent'],
      consentNote: d.consentNote,
      personTold: d.personTold,
      personToldNote: d.personTold === 'no' ? d.personToldNote : null,
      external:
        direction === 'health_to_external' && isExternalMethod(d.method)
          ? {
              organisation: d.organisation!,
              team: d.team,
              person: d.person,
              method: d.method,
              address: d.address!,
            }
          : null,
    },
  };
}

/** The form values of a saved draft, to edit it. */
export function valuesOfRecord(record: {
  items: { source: string; recordId: string | null }[];
  summary: string | null;
  recipients: { kind: string; userId: string | null; reason: string | null }[];
  purpose: string | null;
  legalBasis: string | null;
  necessity: string | null;
  consent: string | null;
  consentNote: string | null;
  personTold: string | null;
  personToldNote: string | null;
  external: {
    organisation: string;
    team: string | null;
    person: string | null;
    method: string;
    address: string;
  } | null;
}): DisclosureValues {
  const others = record.recipients.filter((r) => r.kind === 'other');
  return {
    items: record.items.map((i) => `${i.source}:${i.recordId ?? ''}`),
    summary: record.summary ?? '',
    recipients: record.recipients.flatMap((r) =>
      r.kind === 'case_officer'
        ? [CASE_OFFICER]
        : r.kind === 'police_lead'
          ? [`${LEAD}${r.userId}`]
          : [],
    ),
    otherIds: others.map((r) => r.userId!),
    otherReason: others[0]?.reason ?? '',
    organisation: record.external?.organisation ?? '',
    team: record.external?.team ?? '',
    person: record.external?.person ?? '',
    method: record.external?.method ?? '',
    address: record.external?.address ?? '',
    purpose: record.purpose ?? '',
    legalBasis: record.legalBasis ?? '',
    necessity: record.necessity ?? '',
    consent: record.consent ?? '',
    consentNote: record.consentNote ?? '',
    personTold: record.personTold ?? '',
    personToldNote: record.personToldNote ?? '',
  };
}

const withdrawForm = z.object({
  reason: required('Enter why the disclosure is withdrawn', 2000),
});
const refuseForm = z.object({
  reason: required('Enter why you refuse the disclosure', 2000),
});

export function parseReason(kind: 'withdraw' | 'refuse', body: unknown) {
  const reason = text((body as Record<string, unknown> | undefined)?.reason);
  const parsed = (kind === 'withdraw' ? withdrawForm : refuseForm).safeParse({ reason });
  return parsed.success
    ? { ok: true as const, reason: parsed.data.reason }
    : {
        ok: false as const,
        reason,
        errors: formErrors(parsed.error.issues.map((i) => ['reason', i.message])),
      };
}
