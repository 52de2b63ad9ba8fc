import { z } from 'zod';
import { dateParts } from '../../domain/dates.ts';
import { uuid } from '../../web/ids.ts';
import type { Option } from '../requests/options.ts';
import {
  parseSection,
  SECTION_FIELDS,
  type DraftAnswers,
  type SectionContext,
  type SectionId,
} from '../requests/sections.ts';

/**
 * The JSON body of POST /api/v1/requests: the sections of the request form in one document.
 * This schema gives the shape (and the OpenAPI document); the rules are the form's own
 * (parseSection in src/features/requests/sections.ts), so the API and the pages accept and
 * refuse the same answers with the same messages.
 */
const text = (max: number, description: string) => z.string().max(max).describe(description);
const optional = (max: number, description: string) =>
  z.string().max(max).nullable().optional().describe(description);
const isoDate = (description: string) =>
  z.string().max(10).describe(`${description}, as YYYY-MM-DD`);

export const createRequestBody = z.strictObject({
  person: z.strictObject({
    givenName: text(200, 'First name'),
    familyName: text(200, 'Last name'),
    otherNames: optional(400, 'Other names they are known by'),
    dateOfBirth: isoDate('Date of birth'),
    nhsNumber: optional(20, 'NHS number (10 digits), if known'),
    gender: text(50, 'Gender code (see docs/api.md)'),
    ethnicity: optional(
      50,
      'Ethnic group code: "not_stated" if the person chose not to say, "not_known" (or absent) if not known',
    ),
    postcodeDistrict: optional(
      10,
      'First part of the postcode only, like B15; null or absent if not known (no fixed address)',
    ),
    firstLanguage: optional(200, 'First language; null or absent if not known'),
    communicationNeeds: optional(2000, 'Communication needs'),
  }),
  prevent: z.strictObject({
    pcmtReference: text(100, 'The PCMT reference'),
    preventStage: text(20, '"police_led" or "channel"'),
    gatewayDate: isoDate('Gateway assessment date'),
    channelReference: optional(100, 'Channel case reference'),
  }),
  referral: z.strictObject({
    referralSector: text(50, 'Referral sector code'),
    concernType: text(50, 'Type of concern police recorded (code)'),
  }),
  concerns: z.strictObject({
    concernsSeen: text(10_000, 'Mental health or wellbeing concerns seen'),
    supportReason: text(10_000, 'Why VSS support is requested'),
    gpPractice: optional(400, 'GP practice'),
    mentalHealthTeam: optional(400, 'Mental health team'),
  }),
  urgency: z.strictObject({
    personAware: text(10, '"yes", "no" or "unknown"'),
    urgency: text(10, '"routine" or "urgent"'),
    urgencyReason: optional(10_000, 'Why it is urgent (required when urgent)'),
  }),
  hubId: uuid
    .optional()
    .describe('The VSS hub to send it to: required when the officer belongs to several hubs'),
  linkEarlierRequest: uuid
    .nullable()
    .optional()
    .describe(
      'The answer to a possible match: the caseId of one of the officer\'s earlier requests for the same person, or null for "someone else"',
    ),
});
export type CreateRequestBody = z.output<typeof createRequestBody>;

export interface FieldIssue {
  field: string;
  message: string;
}

type Sections = Omit<DraftAnswers, 'match'>;

/** The form's inputs of one section from its JSON object (dates split into their boxes). */
function formOf(section: SectionId, value: Record<string, unknown>): Record<string, string> {
  const input: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'dateOfBirth' || key === 'gatewayDate') {
      const parts = dateParts(typeof item === 'string' ? item : '');
      input[`${key}-day`] = parts.day;
      input[`${key}-month`] = parts.month;
      input[`${key}-year`] = parts.year;
    } else {
      input[key] = typeof item === 'string' ? item : '';
    }
  }
  // An optional answer left out of the JSON is an empty box on the form.
  for (const field of SECTION_FIELDS[section]) input[field] ??= '';
  return section === 'hub' ? { hubId: input.hubId ?? '' } : input;
}

const DATE_BOX = /-(day|month|year)$/;
const WHOLE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Each section through the form's own rules. Returns the answers to save, or the fields at
 * fault named as in the JSON body ("person.dateOfBirth").
 */
export function parseRequestBody(
  body: CreateRequestBody,
  context: { today: string; concernTypes: Option[]; hubs: Option[] },
): { ok: true; answers: Sections } | { ok: false; errors: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  const answers: Sections = {};
  const sectionContext: SectionContext = context;
  const sections = ['person', 'prevent', 'referral', 'concerns', 'urgency'] as const;
  for (const section of sections) {
    const value = body[section] as Record<string, unknown>;
    for (const dateField of ['dateOfBirth', 'gatewayDate']) {
      const given = value[dateField];
      if (typeof given === 'string' && given !== '' && !WHOLE_DATE.test(given)) {
        errors.push({ field: `${section}.${dateField}`, message: 'Enter the date as YYYY-MM-DD' });
      }
    }
    if (errors.some((e) => e.field.startsWith(`${section}.`))) continue;
    const parsed = parseSection(section, formOf(section, value), sectionContext);
    if (parsed.ok) Object.assign(answers, { [section]: parsed.value });
    else {
      for (const [field, message] of Object.entries(parsed.errors)) {
        errors.push({ field: `${section}.${field.replace(DATE_BOX, '')}`, message });
      }
    }
  }
  if (context.hubs.length > 1 || body.hubId !== undefined) {
    const parsed = parseSection('hub', { hubId: body.hubId ?? '' }, sectionContext);
    if (parsed.ok) answers.hub = parsed.value as DraftAnswers['hub'];
    else errors.push({ field: 'hubId', message: 'Give the id of one of your VSS hubs' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers };
}
