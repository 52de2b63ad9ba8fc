import {
  ADDITIONAL_NEEDS,
  FACTOR_PRESENCE,
  FACTOR_RELEVANCE,
  FORMULATION_SECTIONS,
  MAINSTREAM_SERVICE_RELATIONS,
  PRESENTATIONS,
  PRIMARY_VULNERABILITIES,
} from '../../domain/reference/assessment.ts';
import {
  domainStatus,
  FIVE_PS,
  fivePsStatus,
  reportingStatus,
  scenariosStatus,
  type FieldName,
  type FieldValue,
  type FormulationChange,
  type FormulationContent,
  type FormulationStatus,
  type SectionStatus,
  type SubmitProblem,
} from '../../domain/formulation.ts';
import type { TagColour } from '../../domain/case-state.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { formatDateTime } from '../cases/format.ts';
import { factorFieldIds, scenarioFieldIds, YES_NO_NOT_KNOWN, type FormValues } from './form.ts';
import type { SignOffQueueItem } from './service.ts';
import type { FormulationVersion } from './store.ts';
import type { InstrumentTemplate, TemplateDomain } from './templates.ts';

export const formulationUrls = {
  overview: (caseId: string) => `/cases/${caseId}/formulation`,
  domain: (caseId: string, domain: string) => `/cases/${caseId}/formulation/domains/${domain}`,
  fivePs: (caseId: string) => `/cases/${caseId}/formulation/five-ps`,
  scenarios: (caseId: string) => `/cases/${caseId}/formulation/scenarios`,
  summary: (caseId: string) => `/cases/${caseId}/formulation/summary`,
  reviewReason: (caseId: string) => `/cases/${caseId}/formulation/review-reason`,
  check: (caseId: string) => `/cases/${caseId}/formulation/check`,
  submit: (caseId: string) => `/cases/${caseId}/formulation/submit`,
  review: (caseId: string) => `/cases/${caseId}/formulation/review`,
  versions: (caseId: string) => `/cases/${caseId}/formulation/versions`,
  version: (caseId: string, n: number) => `/cases/${caseId}/formulation/versions/${n}`,
  queue: () => '/formulations',
  decide: (caseId: string) => `/formulations/${caseId}`,
  signOff: (caseId: string) => `/formulations/${caseId}/sign-off`,
  return: (caseId: string) => `/formulations/${caseId}/return`,
};

type Errors = FormErrors | undefined;
const errorModel = (errors: Errors) => ({
  errorSummary: errors?.summary ?? [],
  errors: errors?.byField ?? {},
});

export const STATUS_LABELS: Record<FormulationStatus, { text: string; colour: TagColour }> = {
  draft: { text: 'Draft', colour: 'grey' },
  submitted: { text: 'Waiting for sign-off', colour: 'blue' },
  signed_off: { text: 'Signed off', colour: 'green' },
};

export const statusTag = (status: FormulationStatus) => ({
  text: STATUS_LABELS[status].text,
  classes: `govuk-tag--${STATUS_LABELS[status].colour}`,
});

const labelIn = (list: readonly { code: string; label: string }[], code: string | null) =>
  code === null ? null : (list.find((i) => i.code === code)?.label ?? code);

const FIELD_LABELS: Record<FieldName, string> = {
  presenting: 'Presenting',
  predisposing: 'Predisposing',
  precipitating: 'Precipitating',
  perpetuating: 'Perpetuating',
  protective: 'Protective',
  primaryVulnerability: 'Primary vulnerability',
  presentations: 'Presentations',
  presentationOther: 'Other presentation',
  mainstreamRelation: 'Relation to mainstream services',
  additionalNeeds: 'Additional needs',
  convictions: 'Previous convictions',
  supervisionFailures: 'Past failures under supervision',
};

/** A field's value in words: codes as labels, yes / no / not known, "None" for an empty list. */
export function fieldText(field: FieldName, value: FieldValue): string {
  if (field === 'convictions' || field === 'supervisionFailures') {
    return value === true ? 'Yes' : value === false ? 'No' : 'Not known';
  }
  if (Array.isArray(value)) {
    const list = field === 'presentations' ? PRESENTATIONS : ADDITIONAL_NEEDS;
    return value.length ? value.map((c) => labelIn(list, c)).join('; ') : 'None';
  }
  if (value === null || value === '' || typeof value === 'boolean') return 'Not given';
  if (field === 'primaryVulnerability') return labelIn(PRIMARY_VULNERABILITIES, value) ?? value;
  if (field === 'mainstreamRelation') return labelIn(MAINSTREAM_SERVICE_RELATIONS, value) ?? value;
  return value;
}

const presenceText = (code: string | null) => labelIn(FACTOR_PRESENCE, code) ?? 'Not rated';
const relevanceText = (code: string | null) => labelIn(FACTOR_RELEVANCE, code) ?? 'Not rated';

/** The factor's label in the template, else its code (a template changed since). */
function factorLabel(template: InstrumentTemplate | undefined, code: string) {
  for (const domain of template?.domains ?? []) {
    const factor = domain.factors.find((f) => f.code === code);
    if (factor) return { domain: domain.label, factor: factor.label };
  }
  return { domain: null, factor: code };
}

interface Row {
  key: string;
  value: string;
  href?: string;
  hiddenText?: string;
}

interface Card {
  title: string;
  rows: Row[];
  href?: string;
}

/** What a version says, as summary cards; with change links when it is an editable draft. */
export function contentCards(input: {
  template: InstrumentTemplate | undefined;
  content: FormulationContent;
  caseId: string;
  editable: boolean;
}): Card[] {
  const { template, content, caseId, editable } = input;
  const link = (href: string) => (editable ? href : undefined);
  const cards: Card[] = [];
  const shownCodes = new Set<string>();
  for (const domain of template?.domains ?? []) {
    cards.push({
      title: domain.label,
      href: link(formulationUrls.domain(caseId, domain.code)),
      rows: domain.factors.map((factor) => {
        shownCodes.add(factor.code);
        const rating = content.factors.find((r) => r.factorCode === factor.code);
        return {
          key: factor.label,
          value: rating
            ? [
                `Presence: ${presenceText(rating.presence)}`,
                `Relevance: ${relevanceText(rating.relevance)}`,
                `Evidence: ${rating.evidence ?? 'None given'}`,
              ].join('\n')
            : 'Not rated',
        };
      }),
    });
  }
  const others = content.factors.filter((r) => !shownCodes.has(r.factorCode));
  if (others.length) {
    cards.push({
      title: 'Ratings of factors no longer in the template',
      rows: others.map((r) => ({
        key: r.factorCode,
        value: [
          `Presence: ${presenceText(r.presence)}`,
          `Relevance: ${relevanceText(r.relevance)}`,
          `Evidence: ${r.evidence ?? 'None given'}`,
        ].join('\n'),
      })),
    });
  }
  cards.push({
    title: 'The 5 Ps',
    href: link(formulationUrls.fivePs(caseId)),
    rows: FIVE_PS.map((p) => ({ key: FIELD_LABELS[p], value: content.fivePs[p] ?? 'Not given' })),
  });
  cards.push({
    title: 'Scenarios',
    href: link(formulationUrls.scenarios(caseId)),
    rows: content.scenarios.length
      ? content.scenarios.map((s, i) => ({
          key: `Scenario ${i + 1}`,
          value: [
            `What could happen: ${s.description}`,
            `Triggers: ${s.triggers ?? 'None given'}`,
            `Early warning signs: ${s.warningSigns ?? 'None given'}`,
          ].join('\n'),
        }))
      : [{ key: 'Scenarios', value: 'None recorded' }],
  });
  const r = content.reporting;
  cards.push({
    title: 'Summary',
    href: link(formulationUrls.summary(caseId)),
    rows: [
      {
        key: FIELD_LABELS.primaryVulnerability,
        value: fieldText('primaryVulnerability', r.primaryVulnerability),
      },
      {
        key: FIELD_LABELS.presentations,
        value:
          fieldText('presentations', r.presentations) +
          (r.presentationOther ? ` (other: ${r.presentationOther})` : ''),
      },
      {
        key: FIELD_LABELS.mainstreamRelation,
        value: fieldText('mainstreamRelation', r.mainstreamRelation),
      },
      { key: FIELD_LABELS.additionalNeeds, value: fieldText('additionalNeeds', r.additionalNeeds) },
      { key: FIELD_LABELS.convictions, value: fieldText('convictions', r.convictions) },
      {
        key: FIELD_LABELS.supervisionFailures,
        value: fieldText('supervisionFailures', r.supervisionFailures),
      },
    ],
  });
  return cards;
}

const SCENARIO_ASPECTS = {
  description: 'what could happen',
  triggers: 'triggers',
  warningSigns: 'early warning signs',
} as const;

/** What changed since the last signed-off version, one table row per change. */
export function changeRows(
  template: InstrumentTemplate | undefined,
  changes: FormulationChange[],
): { text: string }[][] {
  return changes.map((c) => {
    if (c.kind === 'factor') {
      const { domain, factor } = factorLabel(template, c.factorCode);
      const text =
        c.aspect === 'presence'
          ? presenceText
          : c.aspect === 'relevance'
            ? relevanceText
            : (v: string | null) => v ?? 'None given';
      return [
        { text: `${domain ? `${domain}: ` : ''}${factor} – ${c.aspect}` },
        { text: text(c.before) },
        { text: text(c.after) },
      ];
    }
    if (c.kind === 'field') {
      return [
        { text: FIELD_LABELS[c.field] },
        { text: fieldText(c.field, c.before) },
        { text: fieldText(c.field, c.after) },
      ];
    }
    const what =
      c.change === 'changed'
        ? `Scenario ${c.position} – ${SCENARIO_ASPECTS[c.aspect!]}`
        : `Scenario ${c.position} (${c.change})`;
    return [{ text: what }, { text: c.before ?? 'None' }, { text: c.after ?? 'None' }];
  });
}

const TASK_STATUS: Record<SectionStatus, object> = {
  not_started: { tag: { text: 'Not yet started', classes: 'govuk-tag--blue' } },
  in_progress: { tag: { text: 'In progress', classes: 'govuk-tag--light-blue' } },
  completed: { text: 'Completed' },
};

/** The task list of a draft: one task per domain, then the 5 Ps, scenarios, summary, reason. */
export function taskList(input: {
  template: InstrumentTemplate;
  content: FormulationContent;
  caseId: string;
  review: { reason: string | null } | null;
}) {
  const { template, content, caseId } = input;
  const task = (text: string, href: string, status: SectionStatus) => ({
    title: { text },
    href,
    status: TASK_STATUS[status],
  });
  return [
    ...template.domains.map((d) =>
      task(d.label, formulationUrls.domain(caseId, d.code), domainStatus(content, d)),
    ),
    task('The 5 Ps', formulationUrls.fivePs(caseId), fivePsStatus(content)),
    task('Scenarios', formulationUrls.scenarios(caseId), scenariosStatus(content)),
    task('Summary', formulationUrls.summary(caseId), reportingStatus(content)),
    ...(input.review
      ? [
          task(
            'What changed and why',
            formulationUrls.reviewReason(caseId),
            input.review.reason ? 'completed' : 'not_started',
          ),
        ]
      : []),
  ];
}

const caseCaption = (header: CaseHeader) => `Case ${header.reference}`;

export function versionFacts(v: FormulationVersion, template: InstrumentTemplate | undefined) {
  return [
    { key: 'Version', value: String(v.versionNumber) },
    {
      key: 'Template',
      value: template
        ? `${template.name} (version ${v.templateVersion})`
        : `${v.templateId} (version ${v.templateVersion})`,
    },
    { key: 'Status', value: STATUS_LABELS[v.status].text },
    { key: 'Written by', value: v.authorName },
    ...(v.submittedAt
      ? [
          {
            key: 'Submitted',
            value: `${formatDateTime(v.submittedAt)} by ${v.submittedByName ?? ''}`,
          },
        ]
      : []),
    ...(v.signedOffAt
      ? [
          {
            key: 'Signed off',
            value: `${formatDateTime(v.signedOffAt)} by ${v.signedOffByName ?? ''}`,
          },
        ]
      : []),
    ...(v.returnedAt && v.status === 'draft'
      ? [
          {
            key: 'Returned to draft',
            value: `${formatDateTime(v.returnedAt)} by ${v.returnedByName ?? ''}: ${v.returnReason ?? ''}`,
          },
        ]
      : []),
    ...(v.reviewReason ? [{ key: 'What changed and why', value: v.reviewReason }] : []),
  ];
}

export interface OverviewInput {
  header: CaseHeader;
  shown: FormulationVersion | null;
  content: FormulationContent | null;
  template: InstrumentTemplate | undefined;
  templates: readonly InstrumentTemplate[];
  changes: FormulationChange[] | null;
  blocked: string | null;
  canWrite: boolean;
  canSignOff: boolean;
  values?: FormValues;
  errors?: FormErrors;
}

/** The formulation of a case: start it, its task list, or the version as it stands. */
export function overviewPage(input: OverviewInput) {
  const { header, shown, content, template } = input;
  const caseId = header.id;
  const draft = shown?.status === 'draft';
  const writable = input.canWrite && !input.blocked;
  const tasks =
    draft && template && content && writable
      ? taskList({
          template,
          content,
          caseId,
          review: shown.previousId ? { reason: shown.reviewReason } : null,
        })
      : null;
  return {
    title: 'Formulation',
    caption: caseCaption(header),
    backLink: { href: `/cases/${caseId}#formulation`, text: 'Back to the case' },
    ...errorModel(input.errors),
    caseId,
    blocked: input.blocked,
    started: shown !== null,
    startAction: formulationUrls.overview(caseId),
    canStart: shown === null && writable,
    templateItems: input.templates.map((t) => ({
      value: t.id,
      text: t.name,
      hint: t.description ? { text: t.description } : undefined,
      checked: input.values?.templateId === t.id,
    })),
    status: shown ? statusTag(shown.status) : null,
    versionNumber: shown?.versionNumber ?? null,
    version: shown?.version ?? null,
    facts: shown ? versionFacts(shown, template) : [],
    returned:
      draft && shown.returnedAt
        ? {
            by: shown.returnedByName,
            at: formatDateTime(shown.returnedAt),
            reason: shown.returnReason,
          }
        : null,
    tasks,
    checkHref: formulationUrls.check(caseId),
    templateMissing: shown && !template,
    cards:
      shown && content && !tasks
        ? contentCards({ template, content, caseId, editable: false })
        : [],
    changes: input.changes && input.changes.length ? changeRows(template, input.changes) : null,
    noChanges: input.changes !== null && input.changes.length === 0,
    canReview: shown?.status === 'signed_off' && writable,
    reviewAction: formulationUrls.review(caseId),
    signOffHref:
      shown?.status === 'submitted' && input.canSignOff ? formulationUrls.decide(caseId) : null,
    versionsHref: formulationUrls.versions(caseId),
  };
}

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
    backLink: { href: formulationUrls.overview(header.id), text: 'Back to the formulation' },
    ...errorModel(input.errors),
    hint: domain.hint ?? null,
    action: formulationUrls.domain(header.id, domain.code),
    version: input.version,
    factors: domain.factors.map((factor) => {
      const ids = factorFieldIds(factor.code);
      const rating = content.factors.find((r) => r.factorCode === factor.code);
      const presence = checked(values, ids.presence, rating?.presence ?? null);
      const relevance = checked(values, ids.relevance, rating?.relevance ?? null);
      return {
        label: factor.label,
        hint: factor.hint ?? null,
        ids,
        presenceItems: FACTOR_PRESENCE.map((p) => ({
          value: p.code,
          text: p.label,
          checked: presence === p.code,
        })),
        relevanceItems: FACTOR_RELEVANCE.map((r) => ({
          value: r.code,
          text: r.label,
          checked: relevance === r.code,
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
    backLink: { href: formulationUrls.overview(header.id), text: 'Back to the formulation' },
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
    backLink: { href: formulationUrls.overview(header.id), text: 'Back to the formulation' },
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
    backLink: { href: formulationUrls.overview(header.id), text: 'Back to the formulation' },
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
    backLink: { href: formulationUrls.overview(header.id), text: 'Back to the formulation' },
    ...errorModel(input.errors),
    action: formulationUrls.reviewReason(header.id),
    version: input.version,
    previousVersionNumber: input.previousVersionNumber,
    changes: changeRows(input.template, input.changes),
    reason: input.values ? String(input.values.reviewReason ?? '') : (input.reason ?? ''),
  };
}

const problemHref = (caseId: string, p: SubmitProblem) => {
  const s = p.section;
  if (s.kind === 'domain') return formulationUrls.domain(caseId, s.code);
  if (s.kind === 'five_ps') return formulationUrls.fivePs(caseId);
  if (s.kind === 'scenarios') return formulationUrls.scenarios(caseId);
  if (s.kind === 'summary') return formulationUrls.summary(caseId);
  return formulationUrls.reviewReason(caseId);
};

/** Check your answers before submitting: every section with change links. */
export function checkPage(input: {
  header: CaseHeader;
  shown: FormulationVersion;
  template: InstrumentTemplate | undefined;
  content: FormulationContent;
  changes: FormulationChange[] | null;
  problems: SubmitProblem[];
  showProblems: boolean;
}) {
  const { header, shown, template } = input;
  const sectionName = (p: SubmitProblem) =>
    p.section.kind === 'domain'
      ? (template?.domains.find((d) => p.section.kind === 'domain' && d.code === p.section.code)
          ?.label ?? p.section.code)
      : {
          five_ps: 'The 5 Ps',
          scenarios: 'Scenarios',
          summary: 'Summary',
          review_reason: 'What changed and why',
        }[p.section.kind];
  const problems = input.problems.map((p) => ({
    text: `${sectionName(p)}: ${p.message}`,
    href: problemHref(header.id, p),
  }));
  return {
    title: 'Check the formulation before you submit it',
    caption: caseCaption(header),
    backLink: { href: formulationUrls.overview(header.id), text: 'Back to the formulation' },
    errorSummary: input.showProblems ? problems : [],
    errors: {},
    incomplete: problems,
    cards: contentCards({ template, content: input.content, caseId: header.id, editable: true }),
    changes: input.changes ? changeRows(template, input.changes) : null,
    reviewReason: shown.previousId ? (shown.reviewReason ?? 'Not given yet') : null,
    reviewReasonHref: formulationUrls.reviewReason(header.id),
    action: formulationUrls.submit(header.id),
    version: shown.version,
  };
}

/** Every version of the case's formulation, newest first. */
export function versionsPage(input: { header: CaseHeader; versions: FormulationVersion[] }) {
  const { header } = input;
  return {
    title: 'Formulation versions',
    caption: caseCaption(header),
    backLink: { href: formulationUrls.overview(header.id), text: 'Back to the formulation' },
    rows: [...input.versions].reverse().map((v) => ({
      href: formulationUrls.version(header.id, v.versionNumber),
      versionNumber: v.versionNumber,
      status: statusTag(v.status),
      author: v.authorName,
      started: formatDateTime(v.createdAt),
      signedOff: v.signedOffAt
        ? `${formatDateTime(v.signedOffAt)} by ${v.signedOffByName ?? ''}`
        : '—',
      kind: v.previousId ? 'Review' : 'First formulation',
    })),
  };
}

/** One version, read only, with what changed since the version it reviewed. */
export function versionPage(input: {
  header: CaseHeader;
  shown: FormulationVersion;
  template: InstrumentTemplate | undefined;
  content: FormulationContent;
  changes: FormulationChange[] | null;
}) {
  const { header, shown, template } = input;
  return {
    title: `Formulation version ${shown.versionNumber}`,
    caption: caseCaption(header),
    backLink: { href: formulationUrls.versions(header.id), text: 'All versions' },
    status: statusTag(shown.status),
    facts: versionFacts(shown, template),
    changes: input.changes ? changeRows(template, input.changes) : null,
    noChanges: input.changes !== null && input.changes.length === 0,
    cards: contentCards({ template, content: input.content, caseId: header.id, editable: false }),
  };
}

/** The sign-off page of a submitted version (senior clinician or hub lead): read, decide. */
export function decidePage(input: {
  header: CaseHeader;
  shown: FormulationVersion;
  template: InstrumentTemplate | undefined;
  content: FormulationContent;
  changes: FormulationChange[] | null;
  ownVersion: boolean;
  ownMessage: string;
  values?: FormValues;
  errors?: FormErrors;
}) {
  const { header, shown, template } = input;
  return {
    title: `Sign off formulation version ${shown.versionNumber}`,
    caption: caseCaption(header),
    backLink: { href: formulationUrls.queue(), text: 'Formulations to sign off' },
    ...errorModel(input.errors),
    facts: versionFacts(shown, template),
    changes: input.changes ? changeRows(template, input.changes) : null,
    cards: contentCards({ template, content: input.content, caseId: header.id, editable: false }),
    ownVersion: input.ownVersion,
    ownMessage: input.ownMessage,
    signOffAction: formulationUrls.signOff(header.id),
    returnAction: formulationUrls.return(header.id),
    version: shown.version,
    reason: input.values ? String(input.values.reason ?? '') : '',
  };
}

export function queuePage(input: { items: SignOffQueueItem[]; decided?: string }) {
  return {
    title: 'Formulations to sign off',
    decided:
      input.decided === 'signed_off'
        ? 'Formulation signed off'
        : input.decided === 'returned'
          ? 'Formulation returned to draft'
          : null,
    items: input.items.map((i) => ({
      href: formulationUrls.decide(i.caseId),
      reference: i.reference,
      personName: i.personName,
      version: `${i.versionNumber}${i.review ? ' (review)' : ''}`,
      author: i.ownVersion ? `${i.authorName} (you)` : i.authorName,
      submitted: formatDateTime(i.submittedAt),
    })),
  };
}

/** The formulation section of the case page: where it stands, never what it says. */
export function caseSection(
  caseId: string,
  state: {
    latest: { versionNumber: number; status: FormulationStatus; updatedAt: Date };
    signedOff: { versionNumber: number; signedOffAt: Date } | null;
  } | null,
) {
  return {
    href: formulationUrls.overview(caseId),
    status: state ? statusTag(state.latest.status) : null,
    text: state
      ? `Version ${state.latest.versionNumber}, last changed ${formatDateTime(state.latest.updatedAt)}.` +
        (state.signedOff && state.signedOff.versionNumber !== state.latest.versionNumber
          ? ` Version ${state.signedOff.versionNumber} was signed off ${formatDateTime(state.signedOff.signedOffAt)}.`
          : '')
      : 'No formulation yet.',
    linkText: state ? 'View the formulation' : 'Go to the formulation',
  };
}

/** What the user tried to save, for the conflict page, from the form as sent. */
export function triedRows(input: {
  values: FormValues;
  labels: Record<string, string>;
}): { key: { text: string }; value: { text: string } }[] {
  return Object.entries(input.labels).flatMap(([name, label]) => {
    const value = input.values[name];
    const text = Array.isArray(value) ? value.join('; ') : (value ?? '');
    return text.trim() ? [{ key: { text: label }, value: { text } }] : [];
  });
}
