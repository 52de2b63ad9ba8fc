import { z } from 'zod';
import { parseNhsNumber } from '../../domain/nhs-number.ts';
import {
  dateInput,
  dateParts,
  fieldErrors,
  formInput,
  oneOf,
  optionalText,
  requiredText,
  type FormInput,
  type Parsed,
} from '../../web/form-fields.ts';
import { codes, ETHNICITIES, GENDERS, REFERRAL_SECTORS, type Option } from './options.ts';

/** The sections of the request, in task list order. `hub` appears only for officers of several hubs. */
export const SECTION_IDS = ['person', 'prevent', 'referral', 'concerns', 'urgency', 'hub'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const SECTION_TITLES: Record<SectionId, string> = {
  person: 'About the person',
  prevent: 'Prevent references',
  referral: 'Referral',
  concerns: 'Concerns and support',
  urgency: 'Urgency and awareness',
  hub: 'VSS hub',
};

export const isSectionId = (value: string): value is SectionId =>
  (SECTION_IDS as readonly string[]).includes(value);

/** What the forms need besides the input: today's date and the configurable lists. */
export interface SectionContext {
  today: string;
  concernTypes: Option[];
  /** The hubs the officer belongs to. */
  hubs: Option[];
}

// Stored answers: what a completed section holds in the draft (jsonb), parsed on every read.
const person = z.object({
  givenName: z.string(),
  familyName: z.string(),
  otherNames: z.string().nullable(),
  dateOfBirth: z.string(),
  nhsNumber: z.string().nullable(),
  gender: z.string(),
  ethnicity: z.string(),
  postcodeDistrict: z.string().nullable(),
  firstLanguage: z.string().nullable(),
  communicationNeeds: z.string().nullable(),
});
const prevent = z.object({
  pcmtReference: z.string(),
  preventStage: z.enum(['police_led', 'channel']),
  gatewayDate: z.string(),
  channelReference: z.string().nullable(),
});
const referral = z.object({ referralSector: z.string(), concernType: z.string() });
const concerns = z.object({
  concernsSeen: z.string(),
  supportReason: z.string(),
  gpPractice: z.string().nullable(),
  mentalHealthTeam: z.string().nullable(),
});
const urgency = z.object({
  personAware: z.enum(['yes', 'no', 'unknown']),
  urgency: z.enum(['routine', 'urgent']),
  urgencyReason: z.string().nullable(),
});
const hub = z.object({ hubId: z.string() });
/** The officer's answer on the possible-match page: link to one of their earlier cases, or not. */
const match = z.object({ linkCaseId: z.string().nullable() });

export type PersonAnswers = z.infer<typeof person>;
export type PreventAnswers = z.infer<typeof prevent>;
export type ReferralAnswers = z.infer<typeof referral>;
export type ConcernsAnswers = z.infer<typeof concerns>;
export type UrgencyAnswers = z.infer<typeof urgency>;
export type HubAnswers = z.infer<typeof hub>;
export type MatchAnswers = z.infer<typeof match>;

export interface DraftAnswers {
  person?: PersonAnswers;
  prevent?: PreventAnswers;
  referral?: ReferralAnswers;
  concerns?: ConcernsAnswers;
  urgency?: UrgencyAnswers;
  hub?: HubAnswers;
  match?: MatchAnswers;
}

const stored = { person, prevent, referral, concerns, urgency, hub, match } as const;

/** Reads a draft's jsonb answers; a section that does not parse counts as not answered. */
export function readAnswers(json: unknown): DraftAnswers {
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const answers: DraftAnswers = {};
  for (const key of Object.keys(stored) as (keyof typeof stored)[]) {
    const parsed = stored[key].safeParse(record[key]);
    if (parsed.success) Object.assign(answers, { [key]: parsed.data });
  }
  return answers;
}

// The forms: field names on the page and their validation.
export const SECTION_FIELDS: Record<SectionId, readonly string[]> = {
  person: [
    'givenName',
    'familyName',
    'otherNames',
    'dateOfBirth-day',
    'dateOfBirth-month',
    'dateOfBirth-year',
    'nhsNumber',
    'gender',
    'ethnicity',
    'postcodeDistrict',
    'firstLanguage',
    'communicationNeeds',
  ],
  prevent: [
    'pcmtReference',
    'preventStage',
    'gatewayDate-day',
    'gatewayDate-month',
    'gatewayDate-year',
    'channelReference',
  ],
  referral: ['referralSector', 'concernType'],
  concerns: ['concernsSeen', 'supportReason', 'gpPractice', 'mentalHealthTeam'],
  urgency: ['personAware', 'urgency', 'urgencyReason'],
  hub: ['hubId'],
};

const LONG = 5000;
const DATE_FIELDS = ['dateOfBirth', 'gatewayDate'];

const date = (input: FormInput, field: string) => ({
  day: input[`${field}-day`] ?? '',
  month: input[`${field}-month`] ?? '',
  year: input[`${field}-year`] ?? '',
});

function personSchema(context: SectionContext) {
  return z.object({
    givenName: requiredText(
      'Enter their first name',
      100,
      'First name must be 100 characters or fewer',
    ),
    familyName: requiredText(
      'Enter their last name',
      100,
      'Last name must be 100 characters or fewer',
    ),
    otherNames: optionalText(200, 'Other names must be 200 characters or fewer'),
    dateOfBirth: dateInput({
      label: 'Date of birth',
      today: context.today,
      notInFuture: true,
      earliest: '1900-01-01',
    }),
    nhsNumber: z
      .string()
      .transform((s) => s.trim())
      .superRefine((s, ctx) => {
        const parsed = s === '' ? null : parseNhsNumber(s);
        if (parsed && !parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
      })
      .transform((s) => {
        const parsed = s === '' ? null : parseNhsNumber(s);
        return parsed?.ok ? parsed.value : null;
      }),
    gender: oneOf(codes(GENDERS), 'Select their gender'),
    // "If known": a blank choice is stored as not known.
    ethnicity: z
      .string()
      .transform((s) => (s.trim() === '' ? 'not_known' : s))
      .pipe(oneOf(codes(ETHNICITIES), 'Select their ethnic group from the list, or "Not known"')),
    // Optional: blank when not known (no fixed address, or the officer does not know).
    postcodeDistrict: z
      .string()
      .transform((s) => s.replace(/\s+/g, '').toUpperCase())
      .refine(
        (s) => s === '' || /^[A-Z]{1,2}[0-9][0-9A-Z]?$/.test(s),
        'Enter only the first part of the postcode, like B15',
      )
      .transform((s) => s || null),
    firstLanguage: optionalText(100, 'First language must be 100 characters or fewer'),
    communicationNeeds: optionalText(1000, 'Communication needs must be 1000 characters or fewer'),
  });
}

function preventSchema(context: SectionContext) {
  return z.object({
    pcmtReference: requiredText(
      'Enter the PCMT reference',
      50,
      'PCMT reference must be 50 characters or fewer',
    ),
    preventStage: z.enum(['police_led', 'channel'], { error: 'Select the Prevent stage' }),
    gatewayDate: dateInput({
      label: 'Gateway assessment date',
      today: context.today,
      notInFuture: true,
      earliest: '2000-01-01',
    }),
    channelReference: optionalText(50, 'Channel case reference must be 50 characters or fewer'),
  });
}

function referralSchema(context: SectionContext) {
  return z.object({
    referralSector: oneOf(codes(REFERRAL_SECTORS), 'Select the referral sector'),
    concernType: oneOf(codes(context.concernTypes), 'Select the type of concern police recorded'),
  });
}

function concernsSchema() {
  return z.object({
    concernsSeen: requiredText(
      'Enter the mental health or wellbeing concerns you have seen',
      LONG,
      `Concerns must be ${LONG} characters or fewer`,
    ),
    supportReason: requiredText(
      'Enter why you are requesting VSS support',
      LONG,
      `Why support is requested must be ${LONG} characters or fewer`,
    ),
    gpPractice: optionalText(200, 'GP practice must be 200 characters or fewer'),
    mentalHealthTeam: optionalText(200, 'Mental health team must be 200 characters or fewer'),
  });
}

function urgencySchema() {
  return z
    .object({
      personAware: z.enum(['yes', 'no', 'unknown'], {
        error: 'Select whether the person knows about this request',
      }),
      urgency: z.enum(['routine', 'urgent'], { error: 'Select how urgent this request is' }),
      urgencyReason: optionalText(LONG, `Reason must be ${LONG} characters or fewer`),
    })
    .superRefine((value, ctx) => {
      if (value.urgency === 'urgent' && !value.urgencyReason) {
        ctx.addIssue({
          code: 'custom',
          path: ['urgencyReason'],
          message: 'Enter why this request is urgent',
        });
      }
    })
    .transform((value) => ({
      ...value,
      // A reason only means something for an urgent request.
      urgencyReason: value.urgency === 'urgent' ? value.urgencyReason : null,
    }));
}

function hubSchema(context: SectionContext) {
  return z.object({
    hubId: z.string().refine((v) => context.hubs.some((h) => h.code === v), 'Select the VSS hub'),
  });
}

/** Validates a section's form. Nothing is stored here: the caller saves only a valid value. */
export function parseSection(
  id: SectionId,
  input: FormInput,
  context: SectionContext,
): Parsed<DraftAnswers[SectionId]> {
  const shaped = {
    ...input,
    ...(id === 'person' ? { dateOfBirth: date(input, 'dateOfBirth') } : {}),
    ...(id === 'prevent' ? { gatewayDate: date(input, 'gatewayDate') } : {}),
  };
  const schema = {
    person: () => personSchema(context),
    prevent: () => preventSchema(context),
    referral: () => referralSchema(context),
    concerns: () => concernsSchema(),
    urgency: () => urgencySchema(),
    hub: () => hubSchema(context),
  }[id]();
  const result = schema.safeParse(shaped);
  if (!result.success) return { ok: false, errors: fieldErrors(result.error, DATE_FIELDS) };
  return { ok: true, value: result.data };
}

/** The form's fields filled from a saved section, to change an answer. */
export function sectionInput(id: SectionId, answers: DraftAnswers): FormInput {
  const text = (v: string | null | undefined) => v ?? '';
  switch (id) {
    case 'person': {
      const a = answers.person;
      const dob = dateParts(a?.dateOfBirth);
      return {
        givenName: text(a?.givenName),
        familyName: text(a?.familyName),
        otherNames: text(a?.otherNames),
        'dateOfBirth-day': dob.day,
        'dateOfBirth-month': dob.month,
        'dateOfBirth-year': dob.year,
        nhsNumber: text(a?.nhsNumber),
        gender: text(a?.gender),
        ethnicity: text(a?.ethnicity),
        postcodeDistrict: text(a?.postcodeDistrict),
        firstLanguage: text(a?.firstLanguage),
        communicationNeeds: text(a?.communicationNeeds),
      };
    }
    case 'prevent': {
      const a = answers.prevent;
      const gateway = dateParts(a?.gatewayDate);
      return {
        pcmtReference: text(a?.pcmtReference),
        preventStage: text(a?.preventStage),
        'gatewayDate-day': gateway.day,
        'gatewayDate-month': gateway.month,
        'gatewayDate-year': gateway.year,
        channelReference: text(a?.channelReference),
      };
    }
    case 'referral':
      return {
        referralSector: text(answers.referral?.referralSector),
        concernType: text(answers.referral?.concernType),
      };
    case 'concerns':
      return {
        concernsSeen: text(answers.concerns?.concernsSeen),
        supportReason: text(answers.concerns?.supportReason),
        gpPractice: text(answers.concerns?.gpPractice),
        mentalHealthTeam: text(answers.concerns?.mentalHealthTeam),
      };
    case 'urgency':
      return {
        personAware: text(answers.urgency?.personAware),
        urgency: text(answers.urgency?.urgency),
        urgencyReason: text(answers.urgency?.urgencyReason),
      };
    case 'hub':
      return { hubId: text(answers.hub?.hubId) };
  }
}

/** The sections this officer must complete: the hub question only when they belong to several. */
export function sectionsFor(hubCount: number): SectionId[] {
  return SECTION_IDS.filter((id) => id !== 'hub' || hubCount > 1);
}

/** A complete request: every needed section answered (and a hub known). */
export function isComplete(answers: DraftAnswers, hubCount: number): boolean {
  return sectionsFor(hubCount).every((id) => answers[id] !== undefined);
}

export { formInput };
