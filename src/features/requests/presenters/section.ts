import type { FieldErrors, FormInput } from '../../../web/form-fields.ts';
import {
  ETHNICITIES,
  GENDERS,
  PERSON_AWARE,
  PREVENT_STAGES,
  REFERRAL_SECTORS,
  URGENCIES,
  type Option,
} from '../options.ts';
import { SECTION_FIELDS, SECTION_TITLES, type SectionId } from '../sections.ts';
import { urls } from '../urls.ts';
import { dateItems, errorFor, errorSummary, radioItems, selectItems } from './format.ts';

const ETHNICITY_CHOICES = [
  ...ETHNICITIES.filter((o) => o.code === 'not_known'),
  ...ETHNICITIES.filter((o) => o.code !== 'not_known'),
];

export interface SectionPageInput {
  draftId: string;
  section: SectionId;
  input: FormInput;
  errors: FieldErrors;
  concernTypes: Option[];
  hubs: Option[];
}

/** One section's form: its fields with what was typed (or saved) and their errors. */
export function sectionPage({
  draftId,
  section,
  input,
  errors,
  concernTypes,
  hubs,
}: SectionPageInput) {
  const field = (name: string) => ({
    value: input[name] ?? '',
    errorMessage: errorFor(errors, name),
  });
  const fields: Record<string, ReturnType<typeof field> & { items?: unknown[] }> = {};
  for (const name of SECTION_FIELDS[section]) {
    const base = name.replace(/-(day|month|year)$/, '');
    fields[base] ??= field(base);
  }
  const choose = (name: string, items: unknown[]) => {
    fields[name] = { ...fields[name]!, items };
  };
  switch (section) {
    case 'person':
      choose('dateOfBirth', dateItems(input, 'dateOfBirth', errors));
      choose('gender', radioItems(GENDERS, input.gender));
      // "If known": Not known comes first and is chosen until the officer picks a group.
      choose(
        'ethnicity',
        ETHNICITY_CHOICES.map((o) => ({
          value: o.code,
          text: o.label,
          selected: o.code === (input.ethnicity || 'not_known'),
        })),
      );
      break;
    case 'prevent':
      choose('gatewayDate', dateItems(input, 'gatewayDate', errors));
      choose('preventStage', radioItems(PREVENT_STAGES, input.preventStage));
      break;
    case 'referral':
      choose(
        'referralSector',
        selectItems(REFERRAL_SECTORS, input.referralSector, 'Select a sector'),
      );
      choose('concernType', radioItems(concernTypes, input.concernType));
      break;
    case 'urgency':
      choose('personAware', radioItems(PERSON_AWARE, input.personAware));
      choose('urgency', radioItems(URGENCIES, input.urgency));
      break;
    case 'hub':
      choose('hubId', radioItems(hubs, input.hubId));
      break;
    case 'concerns':
      break;
  }
  return {
    title: SECTION_TITLES[section],
    section,
    action: urls.section(draftId, section),
    backHref: urls.draft(draftId),
    errorSummary: errorSummary(errors),
    fields,
  };
}
