import {
  ADDITIONAL_NEEDS,
  FACTOR_PRESENCE,
  FACTOR_RELEVANCE,
  MAINSTREAM_SERVICE_RELATIONS,
  PRESENTATIONS,
  PRIMARY_VULNERABILITIES,
} from '../../domain/reference/assessment.ts';
import {
  FIVE_PS,
  type FactorPresence,
  type FactorRating,
  type FactorRelevance,
  type FiveP,
  type ReportingFields,
  type Scenario,
} from '../../domain/formulation.ts';
import { formErrors, type FormErrors } from '../../web/forms.ts';
import type { InstrumentTemplate, TemplateDomain } from './templates.ts';

/** What the user sent, as strings (and lists for checkboxes), to show again on error. */
export type FormValues = Record<string, string | string[]>;

export type FormOutcome<T> =
  | { ok: true; data: T; version: number | null; values: FormValues }
  | { ok: false; errors: FormErrors; version: number | null; values: FormValues };

const record = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};

/** One text field: a repeated field keeps its last value. */
function text(body: Record<string, unknown>, name: string): string {
  let value = body[name];
  if (Array.isArray(value)) value = value.at(-1);
  return typeof value === 'string' ? value : '';
}

/** A checkbox list: always a list of strings. */
function list(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The version the form was opened on; null when it is missing or not a number. */
function versionOf(body: Record<string, unknown>): number | null {
  const value = text(body, 'version');
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

const optional = (value: string): string | null => (value.trim() === '' ? null : value.trim());

function finish<T>(
  pairs: [string, string][],
  data: T,
  body: Record<string, unknown>,
  values: FormValues,
): FormOutcome<T> {
  const version = versionOf(body);
  return pairs.length
    ? { ok: false, errors: formErrors(pairs), version, values }
    : { ok: true, data, version, values };
}

const presenceCodes: string[] = FACTOR_PRESENCE.map((p) => p.code);
const relevanceCodes: string[] = FACTOR_RELEVANCE.map((r) => r.code);

/** Input ids of a factor's three questions. */
export const factorFieldIds = (code: string) => ({
  presence: `presence-${code}`,
  relevance: `relevance-${code}`,
  evidence: `evidence-${code}`,
  /**
   * Relevance is asked under each presence that needs it (a GOV.UK conditional reveal per
   * answer: "relevance-mh_insight-present"), never under "Omitted".
   */
  relevanceUnder: (presence: string) => `relevance-${code}-${presence}`,
});

/** The presences that ask for a relevance: every one but "Omitted". */
export const RATED_PRESENCES: string[] = presenceCodes.filter((p) => p !== 'omitted');

/**
 * One domain's ratings. A draft may leave factors unrated; a factor with relevance or evidence
 * needs its presence, and every answer must be one of the scale's.
 */
export function readDomainForm(
  body: unknown,
  domain: TemplateDomain,
): FormOutcome<{ ratings: FactorRating[] }> {
  const b = record(body);
  const values: FormValues = {};
  const pairs: [string, string][] = [];
  const ratings: FactorRating[] = [];
  for (const factor of domain.factors) {
    const ids = factorFieldIds(factor.code);
    const presence = text(b, ids.presence);
    const plainRelevance = text(b, ids.relevance);
    // The relevance under the chosen presence (else the plain field); none for "Omitted".
    const asked = RATED_PRESENCES.includes(presence);
    const relevanceField = asked ? ids.relevanceUnder(presence) : ids.relevance;
    const relevance = asked
      ? text(b, relevanceField) || plainRelevance
      : presence === 'omitted'
        ? ''
        : plainRelevance;
    const evidence = text(b, ids.evidence);
    Object.assign(values, {
      [ids.presence]: presence,
      [ids.relevance]: plainRelevance,
      [ids.evidence]: evidence,
    });
    for (const p of RATED_PRESENCES) values[ids.relevanceUnder(p)] = text(b, ids.relevanceUnder(p));
    if (asked) values[relevanceField] = relevance;
    if (presence && !presenceCodes.includes(presence)) {
      pairs.push([ids.presence, `Select whether “${factor.label}” is present`]);
    } else if (!presence && (relevance || evidence.trim())) {
      pairs.push([
        ids.presence,
        `Select whether “${factor.label}” is present, or clear its relevance and evidence`,
      ]);
    }
    if (relevance && !relevanceCodes.includes(relevance)) {
      pairs.push([relevanceField, `Select the relevance of “${factor.label}”`]);
    }
    if (evidence.length > 5000) {
      pairs.push([
        ids.evidence,
        `Evidence for “${factor.label}” must be 5,000 characters or fewer`,
      ]);
    }
    if (presenceCodes.includes(presence)) {
      ratings.push({
        domainCode: domain.code,
        factorCode: factor.code,
        presence: presence as FactorPresence,
        relevance: relevanceCodes.includes(relevance) ? (relevance as FactorRelevance) : null,
        evidence: optional(evidence),
      });
    }
  }
  return finish(pairs, { ratings }, b, values);
}

const FIVE_P_LABELS: Record<FiveP, string> = {
  presenting: 'Presenting',
  predisposing: 'Predisposing',
  precipitating: 'Precipitating',
  perpetuating: 'Perpetuating',
  protective: 'Protective',
};

/** The 5 Ps: each optional in a draft, at most 10,000 characters. */
export function readFivePsForm(body: unknown): FormOutcome<Record<FiveP, string | null>> {
  const b = record(body);
  const values: FormValues = {};
  const pairs: [string, string][] = [];
  const data = {} as Record<FiveP, string | null>;
  for (const p of FIVE_PS) {
    const value = text(b, p);
    values[p] = value;
    if (value.length > 10000) {
      pairs.push([p, `${FIVE_P_LABELS[p]} must be 10,000 characters or fewer`]);
    }
    data[p] = optional(value);
  }
  return finish(pairs, data, b, values);
}

export const MAX_SCENARIOS = 20;

export const scenarioFieldIds = (n: number) => ({
  description: `description-${n}`,
  triggers: `triggers-${n}`,
  warningSigns: `warningSigns-${n}`,
});

export type ScenarioAction =
  { kind: 'save' } | { kind: 'add' } | { kind: 'remove'; position: number };

/**
 * The scenarios page: every scenario on the page plus the empty one to add. Blank blocks are
 * dropped; a block with triggers or warning signs needs its description. Removing one saves
 * the others as they are on the page.
 */
export function readScenariosForm(
  body: unknown,
): FormOutcome<{ scenarios: Scenario[]; action: ScenarioAction }> {
  const b = record(body);
  const count = Math.min(
    Number(/^\d{1,2}$/.test(text(b, 'count')) ? text(b, 'count') : 0),
    MAX_SCENARIOS + 1,
  );
  const actionText = text(b, 'action');
  const removeMatch = /^remove-(\d{1,2})$/.exec(actionText);
  const action: ScenarioAction = removeMatch
    ? { kind: 'remove', position: Number(removeMatch[1]) }
    : actionText === 'add'
      ? { kind: 'add' }
      : { kind: 'save' };
  const values: FormValues = { count: String(count) };
  const pairs: [string, string][] = [];
  const scenarios: Scenario[] = [];
  for (let n = 1; n <= count; n += 1) {
    const ids = scenarioFieldIds(n);
    const description = text(b, ids.description);
    const triggers = text(b, ids.triggers);
    const warningSigns = text(b, ids.warningSigns);
    Object.assign(values, {
      [ids.description]: description,
      [ids.triggers]: triggers,
      [ids.warningSigns]: warningSigns,
    });
    if (action.kind === 'remove' && action.position === n) continue;
    if (!description.trim() && !triggers.trim() && !warningSigns.trim()) continue;
    if (!description.trim()) {
      pairs.push([ids.description, `Enter what could happen in scenario ${n}`]);
    }
    for (const [id, value, what] of [
      [ids.description, description, 'What could happen'],
      [ids.triggers, triggers, 'Triggers'],
      [ids.warningSigns, warningSigns, 'Early warning signs'],
    ] as const) {
      if (value.length > 5000) {
        pairs.push([id, `${what} in scenario ${n} must be 5,000 characters or fewer`]);
      }
    }
    scenarios.push({
      description: description.trim(),
      triggers: optional(triggers),
      warningSigns: optional(warningSigns),
    });
  }
  if (scenarios.length > MAX_SCENARIOS) {
    pairs.push([scenarioFieldIds(1).description, `Record ${MAX_SCENARIOS} scenarios or fewer`]);
  }
  return finish(pairs, { scenarios, action }, b, values);
}

export const YES_NO_NOT_KNOWN = [
  { code: 'yes', label: 'Yes' },
  { code: 'no', label: 'No' },
  { code: 'not_known', label: 'Not known' },
] as const;

const toYesNo = (value: string): boolean | null =>
  value === 'yes' ? true : value === 'no' ? false : null;

/** The summary questions: each radio question must be answered (not known is an answer). */
export function readSummaryForm(body: unknown): FormOutcome<ReportingFields> {
  const b = record(body);
  const primaryVulnerability = text(b, 'primaryVulnerability');
  const presentations = list(b, 'presentations');
  const presentationOther = text(b, 'presentationOther');
  const mainstreamRelation = text(b, 'mainstreamRelation');
  const additionalNeeds = list(b, 'additionalNeeds');
  const convictions = text(b, 'convictions');
  const supervisionFailures = text(b, 'supervisionFailures');
  const values: FormValues = {
    primaryVulnerability,
    presentations,
    presentationOther,
    mainstreamRelation,
    additionalNeeds,
    convictions,
    supervisionFailures,
  };
  const pairs: [string, string][] = [];
  const codes = (items: readonly { code: string }[]): string[] => items.map((i) => i.code);
  const yesNo = codes(YES_NO_NOT_KNOWN);
  if (!codes(PRIMARY_VULNERABILITIES).includes(primaryVulnerability)) {
    pairs.push(['primaryVulnerability', 'Select the primary vulnerability']);
  }
  if (!presentations.every((p) => codes(PRESENTATIONS).includes(p))) {
    pairs.push(['presentations', 'Select presentations from the list']);
  }
  if (presentations.includes('other') && !presentationOther.trim()) {
    pairs.push(['presentationOther', 'Enter the other presentation']);
  } else if (presentationOther.length > 200) {
    pairs.push(['presentationOther', 'Other presentation must be 200 characters or fewer']);
  }
  if (!codes(MAINSTREAM_SERVICE_RELATIONS).includes(mainstreamRelation)) {
    pairs.push(['mainstreamRelation', 'Select how the person relates to mainstream services']);
  }
  if (!additionalNeeds.every((n) => codes(ADDITIONAL_NEEDS).includes(n))) {
    pairs.push(['additionalNeeds', 'Select additional needs from the list']);
  }
  if (!yesNo.includes(convictions)) {
    pairs.push(['convictions', 'Select whether the person has previous convictions']);
  }
  if (!yesNo.includes(supervisionFailures)) {
    pairs.push([
      'supervisionFailures',
      'Select whether the person has failed under supervision before',
    ]);
  }
  return finish(
    pairs,
    {
      primaryVulnerability: primaryVulnerability || null,
      presentations: [...new Set(presentations)],
      presentationOther: presentations.includes('other') ? optional(presentationOther) : null,
      mainstreamRelation: mainstreamRelation || null,
      additionalNeeds: [...new Set(additionalNeeds)],
      convictions: toYesNo(convictions),
      supervisionFailures: toYesNo(supervisionFailures),
    },
    b,
    values,
  );
}

/** A required reason (review reason, return reason). */
export function readReasonForm(
  body: unknown,
  options: { field: string; empty: string; max: number; tooLong: string },
): FormOutcome<string> {
  const b = record(body);
  const value = text(b, options.field);
  const pairs: [string, string][] = [];
  if (!value.trim()) pairs.push([options.field, options.empty]);
  else if (value.length > options.max) pairs.push([options.field, options.tooLong]);
  return finish(pairs, value.trim(), b, { [options.field]: value });
}

/** Choosing the instrument template for a new formulation. */
export function readStartForm(
  body: unknown,
  templates: readonly InstrumentTemplate[],
): FormOutcome<InstrumentTemplate> {
  const b = record(body);
  const id = text(b, 'templateId');
  const template = templates.find((t) => t.id === id);
  return template
    ? { ok: true, data: template, version: versionOf(b), values: { templateId: id } }
    : {
        ok: false,
        errors: formErrors([['templateId', 'Select the template to use']]),
        version: versionOf(b),
        values: { templateId: id },
      };
}
