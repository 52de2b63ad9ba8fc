/**
 * Structured formulations as pure rules: what a version holds, what is still missing before it
 * can be submitted, who may sign it off, and what changed between two versions.
 *
 * Nothing here scores or judges: ratings are the clinician's, compared only as they were
 * written (PRODUCT.md rule 2: no terrorism risk score, no automatic judgement).
 */

import { can } from './permissions.ts';
import type { Role } from './roles.ts';

export type FactorPresence = 'absent' | 'partial' | 'present' | 'omitted';
export type FactorRelevance = 'low' | 'moderate' | 'high';
export type FormulationStatus = 'draft' | 'submitted' | 'signed_off';

export interface FactorRating {
  domainCode: string;
  factorCode: string;
  presence: FactorPresence;
  relevance: FactorRelevance | null;
  evidence: string | null;
}

export const FIVE_PS = [
  'presenting',
  'predisposing',
  'precipitating',
  'perpetuating',
  'protective',
] as const;
export type FiveP = (typeof FIVE_PS)[number];

/** The summary fields the service reports on (codes of src/domain/reference/assessment.ts). */
export interface ReportingFields {
  primaryVulnerability: string | null;
  presentations: string[];
  presentationOther: string | null;
  mainstreamRelation: string | null;
  additionalNeeds: string[];
  /** null: not known. */
  convictions: boolean | null;
  /** null: not known. */
  supervisionFailures: boolean | null;
}

export const REPORTING_FIELDS = [
  'primaryVulnerability',
  'presentations',
  'presentationOther',
  'mainstreamRelation',
  'additionalNeeds',
  'convictions',
  'supervisionFailures',
] as const satisfies readonly (keyof ReportingFields)[];

export interface Scenario {
  description: string;
  triggers: string | null;
  warningSigns: string | null;
}

/** What one version of a formulation says (not who wrote it or when). */
export interface FormulationContent {
  factors: FactorRating[];
  fivePs: Record<FiveP, string | null>;
  reporting: ReportingFields;
  scenarios: Scenario[];
}

/** The shape of a template the rules need: domains and their factor codes. */
export interface TemplateShape {
  domains: readonly { code: string; factors: readonly { code: string }[] }[];
}

export const emptyReporting = (): ReportingFields => ({
  primaryVulnerability: null,
  presentations: [],
  presentationOther: null,
  mainstreamRelation: null,
  additionalNeeds: [],
  convictions: null,
  supervisionFailures: null,
});

export const emptyContent = (): FormulationContent => ({
  factors: [],
  fivePs: {
    presenting: null,
    predisposing: null,
    precipitating: null,
    perpetuating: null,
    protective: null,
  },
  reporting: emptyReporting(),
  scenarios: [],
});

// ---------------------------------------------------------------------------------------------
// Completeness

export type SectionStatus = 'not_started' | 'in_progress' | 'completed';

/** A rating is complete with presence, relevance (unless omitted), and evidence when seen. */
export function ratingComplete(rating: FactorRating | undefined): boolean {
  if (!rating) return false;
  if (rating.presence === 'omitted') return true;
  if (!rating.relevance) return false;
  return rating.presence === 'absent' || Boolean(rating.evidence);
}

const blank = (value: string | null | undefined) => !value || value.trim() === '';

export function domainStatus(
  content: FormulationContent,
  domain: TemplateShape['domains'][number],
): SectionStatus {
  const ratings = domain.factors.map((f) =>
    content.factors.find((r) => r.factorCode === f.code && r.domainCode === domain.code),
  );
  if (ratings.every((r) => r === undefined)) return 'not_started';
  return ratings.every(ratingComplete) ? 'completed' : 'in_progress';
}

export function fivePsStatus(content: FormulationContent): SectionStatus {
  const filled = FIVE_PS.filter((p) => !blank(content.fivePs[p])).length;
  if (filled === 0) return 'not_started';
  return filled === FIVE_PS.length ? 'completed' : 'in_progress';
}

export const scenariosStatus = (content: FormulationContent): SectionStatus =>
  content.scenarios.length === 0 ? 'not_started' : 'completed';

export function reportingStatus(content: FormulationContent): SectionStatus {
  const r = content.reporting;
  const complete =
    r.primaryVulnerability !== null &&
    r.mainstreamRelation !== null &&
    (!r.presentations.includes('other') || !blank(r.presentationOther));
  if (complete) return 'completed';
  const touched =
    r.primaryVulnerability !== null ||
    r.mainstreamRelation !== null ||
    r.presentations.length > 0 ||
    r.additionalNeeds.length > 0;
  return touched ? 'in_progress' : 'not_started';
}

/** Which part of the formulation a problem is in (task list sections). */
export type Section =
  | { kind: 'domain'; code: string }
  | { kind: 'five_ps' }
  | { kind: 'scenarios' }
  | { kind: 'summary' }
  | { kind: 'review_reason' };

export interface SubmitProblem {
  section: Section;
  message: string;
}

/**
 * What must still be done before a version can be submitted, in task-list order; empty when
 * it is ready. A review must say what changed and why.
 */
export function submitProblems(input: {
  content: FormulationContent;
  template: TemplateShape;
  isReview: boolean;
  reviewReason: string | null;
}): SubmitProblem[] {
  const { content, template } = input;
  const problems: SubmitProblem[] = [];
  for (const domain of template.domains) {
    if (domainStatus(content, domain) !== 'completed') {
      problems.push({
        section: { kind: 'domain', code: domain.code },
        message: 'Rate every factor: presence, relevance, and the evidence for a factor seen',
      });
    }
  }
  if (fivePsStatus(content) !== 'completed') {
    problems.push({ section: { kind: 'five_ps' }, message: 'Write all of the 5 Ps' });
  }
  if (scenariosStatus(content) !== 'completed') {
    problems.push({ section: { kind: 'scenarios' }, message: 'Add at least one scenario' });
  }
  if (reportingStatus(content) !== 'completed') {
    problems.push({ section: { kind: 'summary' }, message: 'Answer the summary questions' });
  }
  if (input.isReview && blank(input.reviewReason)) {
    problems.push({
      section: { kind: 'review_reason' },
      message: 'Say what changed since the last signed-off version, and why',
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Workflow

export const OWN_FORMULATION =
  'You wrote this version of the formulation, so another senior clinician or hub lead must sign it off. You can return it to draft instead.';

/**
 * Who may decide a case's submitted formulation (sign it off or return it to draft): a holder
 * of `formulation.sign_off` (a senior clinician or the hub lead) in the case's hub, whether or
 * not the case is allocated to them. The author is still refused sign-off (signOffRefusal).
 */
export const maySignOff = (roles: readonly Role[], relation: { sameHub: boolean }): boolean =>
  relation.sameHub && can(roles, 'formulation.sign_off');

/** Why this user may not sign off the version now, or null when they may. */
export function signOffRefusal(input: {
  status: FormulationStatus;
  authorId: string;
  userId: string;
}): string | null {
  if (input.status !== 'submitted') return 'Only a submitted formulation can be signed off.';
  if (input.authorId === input.userId) return OWN_FORMULATION;
  return null;
}

export const returnRefusal = (status: FormulationStatus): string | null =>
  status === 'submitted' ? null : 'Only a submitted formulation can be returned to draft.';

/** A review starts from the last signed-off version, when no other version is in progress. */
export function reviewRefusal(versions: readonly { status: FormulationStatus }[]): string | null {
  if (versions.some((v) => v.status !== 'signed_off')) {
    return 'A version of this formulation is already in progress. Finish it first.';
  }
  if (!versions.some((v) => v.status === 'signed_off')) {
    return 'A review starts from a signed-off formulation. There is none yet.';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// What changed between two versions

export type FactorAspect = 'presence' | 'relevance' | 'evidence';
export type ScenarioAspect = 'description' | 'triggers' | 'warningSigns';
export type FieldName = FiveP | keyof ReportingFields;
export type FieldValue = string | string[] | boolean | null;

export type FormulationChange =
  | {
      kind: 'factor';
      domainCode: string;
      factorCode: string;
      aspect: FactorAspect;
      before: string | null;
      after: string | null;
    }
  | { kind: 'field'; field: FieldName; before: FieldValue; after: FieldValue }
  | {
      kind: 'scenario';
      /** 1-based, as the scenarios are numbered on the page. */
      position: number;
      change: 'added' | 'removed' | 'changed';
      aspect: ScenarioAspect | null;
      before: string | null;
      after: string | null;
    };

const normalText = (value: string | null | undefined): string | null =>
  value === null || value === undefined || value.trim() === '' ? null : value.trim();

const sameValue = (a: FieldValue, b: FieldValue): boolean => {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? [...a].sort() : [];
    const y = Array.isArray(b) ? [...b].sort() : [];
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (typeof a === 'string' || typeof b === 'string') {
    return normalText(a as string | null) === normalText(b as string | null);
  }
  return a === b;
};

/**
 * Every difference from `before` (the last signed-off version) to `after`: factor by factor
 * (in the order of `factorOrder`, then any others), field by field, scenario by scenario.
 * A factor rated in one and not the other shows as a change from or to nothing.
 */
export function formulationChanges(
  before: FormulationContent,
  after: FormulationContent,
  factorOrder: readonly string[] = [],
): FormulationChange[] {
  const changes: FormulationChange[] = [];
  const key = (r: FactorRating) => r.factorCode;
  const beforeByCode = new Map(before.factors.map((r) => [key(r), r]));
  const afterByCode = new Map(after.factors.map((r) => [key(r), r]));
  const codes = [
    ...factorOrder.filter((c) => beforeByCode.has(c) || afterByCode.has(c)),
    ...[...new Set([...beforeByCode.keys(), ...afterByCode.keys()])]
      .filter((c) => !factorOrder.includes(c))
      .sort(),
  ];
  for (const code of codes) {
    const b = beforeByCode.get(code);
    const a = afterByCode.get(code);
    const domainCode = (a ?? b)!.domainCode;
    for (const aspect of ['presence', 'relevance', 'evidence'] as const) {
      const x = normalText(b?.[aspect]);
      const y = normalText(a?.[aspect]);
      if (x !== y)
        changes.push({ kind: 'factor', domainCode, factorCode: code, aspect, before: x, after: y });
    }
  }
  for (const field of FIVE_PS) {
    const x = before.fivePs[field];
    const y = after.fivePs[field];
    if (!sameValue(x, y)) {
      changes.push({ kind: 'field', field, before: normalText(x), after: normalText(y) });
    }
  }
  for (const field of REPORTING_FIELDS) {
    const x = before.reporting[field];
    const y = after.reporting[field];
    if (!sameValue(x, y)) changes.push({ kind: 'field', field, before: x, after: y });
  }
  const count = Math.max(before.scenarios.length, after.scenarios.length);
  for (let i = 0; i < count; i += 1) {
    const b = before.scenarios[i];
    const a = after.scenarios[i];
    const position = i + 1;
    if (!b && a) {
      changes.push({
        kind: 'scenario',
        position,
        change: 'added',
        aspect: null,
        before: null,
        after: a.description,
      });
    } else if (b && !a) {
      changes.push({
        kind: 'scenario',
        position,
        change: 'removed',
        aspect: null,
        before: b.description,
        after: null,
      });
    } else if (a && b) {
      for (const aspect of ['description', 'triggers', 'warningSigns'] as const) {
        const x = normalText(b[aspect]);
        const y = normalText(a[aspect]);
        if (x !== y)
          changes.push({
            kind: 'scenario',
            position,
            change: 'changed',
            aspect,
            before: x,
            after: y,
          });
      }
    }
  }
  return changes;
}
