import { purposeRefusal } from '../../domain/liaison.ts';
import { isCode, type CodeOf } from '../../domain/reference/list.ts';
import {
  LIAISON_AGENCY_TYPES,
  LIAISON_DIRECTIONS,
  LIAISON_PURPOSES,
} from '../../domain/reference/liaison.ts';
import type { FormErrors } from '../../web/forms.ts';
import { orderedErrors, versionOf, type ErrorPair } from '../../web/form-issues.ts';
import { formInput } from '../../web/form-fields.ts';
import { readDay, readText, readYesNo } from '../../web/form-parts.ts';

export type AgencyType = CodeOf<typeof LIAISON_AGENCY_TYPES>;
export type LiaisonPurpose = CodeOf<typeof LIAISON_PURPOSES>;
export type LiaisonDirection = CodeOf<typeof LIAISON_DIRECTIONS>;

/** One contact with another service, as recorded. */
export interface LiaisonInput {
  contactDate: string;
  agencyType: AgencyType;
  organisation: string;
  direction: LiaisonDirection;
  purpose: LiaisonPurpose;
  summary: string;
  onBehalf: boolean;
  consentCovers: boolean;
}

export const LIAISON_FIELDS = [
  'contactDate-day',
  'contactDate-month',
  'contactDate-year',
  'agencyType',
  'organisation',
  'direction',
  'purpose',
  'summary',
  'onBehalf',
  'consentCovers',
  'version',
] as const;

const FIELD_ORDER = [
  'contactDate',
  'agencyType',
  'organisation',
  'direction',
  'purpose',
  'summary',
  'onBehalf',
  'consentCovers',
];

export type LiaisonForm =
  | { ok: true; version: number; contact: LiaisonInput }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

/** The liaison form. "Investigation" is refused with its own message (PRODUCT.md rule 4). */
export function readLiaisonForm(body: unknown, today: string): LiaisonForm {
  const values = formInput(body, LIAISON_FIELDS);
  const pairs: ErrorPair[] = [];
  const contactDate = readDay(
    values,
    'contactDate',
    { label: 'The date of the contact', today, notInFuture: true },
    pairs,
  );
  const agencyType = values.agencyType;
  if (!isCode(LIAISON_AGENCY_TYPES, agencyType)) {
    pairs.push(['agencyType', 'Select the type of service']);
  }
  const organisation = readText(
    values,
    'organisation',
    {
      empty: 'Enter the name of the organisation',
      max: 200,
      tooLong: 'The organisation must be 200 characters or fewer',
    },
    pairs,
  );
  const direction = values.direction;
  if (!isCode(LIAISON_DIRECTIONS, direction)) {
    pairs.push(['direction', 'Select whether the VSS contacted them or they contacted the VSS']);
  }
  const purpose = values.purpose;
  const refusal = purposeRefusal(purpose);
  if (refusal) pairs.push(['purpose', refusal]);
  const summary = readText(
    values,
    'summary',
    {
      empty: 'Enter a summary of the contact',
      max: 5000,
      tooLong: 'The summary must be 5,000 characters or fewer',
    },
    pairs,
  );
  const onBehalf = readYesNo(
    values,
    'onBehalf',
    'Select whether the contact was on the person’s behalf',
    pairs,
  );
  const consentCovers = readYesNo(
    values,
    'consentCovers',
    'Select whether the person’s consent covers this contact',
    pairs,
  );
  // A missing version is a form that is not ours: the save is refused as stale.
  const version = versionOf(values) ?? -1;
  if (
    pairs.length > 0 ||
    contactDate === null ||
    organisation === null ||
    summary === null ||
    onBehalf === null ||
    consentCovers === null ||
    !isCode(LIAISON_AGENCY_TYPES, agencyType) ||
    !isCode(LIAISON_DIRECTIONS, direction) ||
    !isCode(LIAISON_PURPOSES, purpose)
  ) {
    return { ok: false, errors: orderedErrors(pairs, FIELD_ORDER), values };
  }
  return {
    ok: true,
    version,
    contact: {
      contactDate,
      agencyType,
      organisation,
      direction,
      purpose,
      summary,
      onBehalf,
      consentCovers,
    },
  };
}
