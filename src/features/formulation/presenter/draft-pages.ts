import {
  ADDITIONAL_NEEDS,
  FACTOR_PRESENCE,
  FACTOR_RELEVANCE,
  FORMULATION_SECTIONS,
  MAINSTREAM_SERVICE_RELATIONS,
  PRESENTATIONS,
  PRIMARY_VULNERABILITIES,
} from '../../../domain/reference/assessment.ts';
import { type FormulationChange, type FormulationContent } from '../../../domain/formulation.ts';
import type { FormErrors } from '../../../web/forms.ts';
import type { CaseHeader } from '../../../access/case-context.ts';
import {
  factorFieldIds,
  RATED_PRESENCES,
  scenarioFieldIds,
  YES_NO_NOT_KNOWN,
  type FormValues,
} from '../form.ts';
import type { InstrumentTemplate, TemplateDomain } from '../templates.ts';
import { caseCaption, errorModel, formulationUrls, changeRows } from './common.ts';

function checked(values: FormValues | undefined, name: string, stored: string | null): string {
  if (!values) return stored ?? '';
  const value = values[name];
  return typeof value === 'string' ? value : '';
}

/** One domain's factors: presence, relevance and evidence for each. */
export function domainPage(input: {
  header: CaseHeader;
  domain: TemplateDomain;
  content: FormulationContent;
  version: number;
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { header, domain, content, values } = input;
  return {
    title: domain.label,
    caption: caseCaption(header),
    backLink: { href: formulationUrls.overview(header.id), text: 'Back' },
    ...errorModel(input.errors),
    hint: domain.hint ?? null,
    action: formulationUrls.domain(header.id, domain.code),
    version: input.version,
    factors: domain.factors.map((factor) => {
      const ids = factorFieldIds(factor.code);
      const rating = content.factors.find((r) => r.factorCode === factor.code);
      const presence = checked(values, ids.presence, rating?.presence ?? null);
      // Each presence but "Omitted" reveals its own relevance question, each showing the
      // saved relevance: changing the presence keeps the relevance already given.
      const relevanceUnder = (p: string) =>
        checked(values, ids.relevanceUnder(p), rating?.relevance ?? null);
      return {
        label: factor.label,
        hint: factor.hint ?? null,
        ids,
        presenceItems: FACTOR_PRESENCE.map((p) => ({
          value: p.code,
          text: p.label,
          checked: presence === p.code,
          relevance: RATED_PRESENCES.includes(p.code)
            ? {
                id: ids.relevanceUnder(p.code),
                items: FACTOR_RELEVANCE.map((r) => ({
                  value: r.code,
                  text: r.label,
                  checked: relevanceUnder(p.code) === r.code,
                })),
              }
            : null,
        })),
        evidence: checked(values, ids.evidence, rating?.evidence ?? null),
      };
    }),
  };
}

export function fivePsPage(input: {
  header: CaseHeader;
  content: FormulationContent;
  version: number;
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { header, content, values } = input;
  const hints: Record<string, string> = {
    presenting: 'What the difficulties are now, as the person and others describe them.',
    predisposing: 'What made the person vulnerable: history, development, circumstances.',
    precipitating: 'What brought the difficulties on, or made them worse, recently.',
    perpetuating: 'What keeps the difficulties going.',
    protective: 'Strengths and supports that help, or could help.',
  };
  return {
    title: 'The 5 Ps',
    caption: caseCaption(header),
    backLink: { href: formulationUrls.overview(header.id), text: 'Back' },
    ...errorModel(input.errors),
    action: formulationUrls.fivePs(header.id),
    version: input.version,
    fields: FORMULATION_SECTIONS.map((s) => ({
      id: s.code,
      label: s.label,
      hint: hints[s.code],
      value: checked(values, s.code, content.fivePs[s.code]),
    })),
  };
}

export function scenariosPage(input: {
  header: CaseHeader;
  content: FormulationContent;
  version: number;
  values?: FormValues;
  errors?: FormErrors;
  maxScenarios: number;
}) {
  const { header, content, values } = input;
  const fromValues = values
    ? Array.from({ length: Number(values.count ?? 0) }, (_, i) => {
        const ids = scenarioFieldIds(i + 1);
        return {
          description: String(values[ids.description] ?? ''),
          triggers: String(values[ids.triggers] ?? ''),
          warningSigns: String(values[ids.warningSigns] ?? ''),
        };
      })
    : null;
  const stored = content.scenarios.map((s) => ({
    description: s.description,
    triggers: s.triggers ?? '',
    warningSigns: s.warningSigns ?? '',
  }));
  const blocks =
    fromValues ??
    (stored.length < input.maxScenarios
      ? [...stored, { description: '', triggers: '', warningSigns: '' }]
      : stored);
  return {
    title: 'Scenarios',
    caption: caseCaption(header),
    backLink: { href: formulationUrls.overview(header.id), text: 'Back' },
    ...errorModel(input.errors),
    action: formulationUrls.scenarios(header.id),
    version: input.version,
    count: blocks.length,
    canAdd: blocks.length < input.maxScenarios,
    scenarios: blocks.map((b, i) => ({
      n: i + 1,
      ids: scenarioFieldIds(i + 1),
      ...b,
      // The last block is the empty one to add, unless the page came back with errors.
      isNew: !fromValues && i === stored.length,
    })),
  };
}

export function summaryPage(input: {
  header: CaseHeader;
  content: FormulationContent;
  version: number;
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { header, values } = input;
  const r = input.content.reporting;
  const yesNo = (v: boolean | null, touched: boolean) =>
    v === true ? 'yes' : v === false ? 'no' : touched ? 'not_known' : '';
  const touched = r.primaryVulnerability !== null;
  const stored = {
    primaryVulnerability: r.primaryVulnerability ?? '',
    presentations: r.presentations,
    presentationOther: r.presentationOther ?? '',
    mainstreamRelation: r.mainstreamRelation ?? '',
    additionalNeeds: r.additionalNeeds,
    convictions: yesNo(r.convictions, touched),
    supervisionFailures: yesNo(r.supervisionFailures, touched),
  };
  const v = values
    ? {
        primaryVulnerability: String(values.primaryVulnerability ?? ''),
        presentations: (values.presentations as string[] | undefined) ?? [],
        presentationOther: String(values.presentationOther ?? ''),
        mainstreamRelation: String(values.mainstreamRelation ?? ''),
        additionalNeeds: (values.additionalNeeds as string[] | undefined) ?? [],
        convictions: String(values.convictions ?? ''),
        supervisionFailures: String(values.supervisionFailures ?? ''),
      }
    : stored;
  const radios = (list: readonly { code: string; label: string }[], value: string) =>
    list.map((i) => ({ value: i.code, text: i.label, checked: value === i.code }));
  const boxes = (list: readonly { code: string; label: string }[], value: string[]) =>
    list.map((i) => ({ value: i.code, text: i.label, checked: value.includes(i.code) }));
  return {
    title: 'Summary',
    caption: caseCaption(header),
    backLink: { href: formulationUrls.overview(header.id), text: 'Back' },
    ...errorModel(input.errors),
    action: formulationUrls.summary(header.id),
    version: input.version,
    primaryVulnerabilityItems: radios(PRIMARY_VULNERABILITIES, v.primaryVulnerability),
    presentationItems: boxes(PRESENTATIONS, v.presentations),
    presentationOther: v.presentationOther,
    mainstreamRelationItems: radios(MAINSTREAM_SERVICE_RELATIONS, v.mainstreamRelation),
    additionalNeedItems: boxes(ADDITIONAL_NEEDS, v.additionalNeeds),
    convictionItems: radios(YES_NO_NOT_KNOWN, v.convictions),
    supervisionFailureItems: radios(YES_NO_NOT_KNOWN, v.supervisionFailures),
  };
}

export function reviewReasonPage(input: {
  header: CaseHeader;
  template: InstrumentTemplate | undefined;
  changes: FormulationChange[];
  previousVersionNumber: number;
  reason: string | null;
  version: number;
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { header } = input;
  return {
    title: 'What changed and why',
    caption: caseCaption(header),
    backLink: { href: formulationUrls.overview(header.id), text: 'Back' },
    ...errorModel(input.errors),
    action: formulationUrls.reviewReason(header.id),
    version: input.version,
    previousVersionNumber: input.previousVersionNumber,
    changes: changeRows(input.template, input.changes),
    reason: input.values ? String(input.values.reviewReason ?? '') : (input.reason ?? ''),
  };
}
