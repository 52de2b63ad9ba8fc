import {
  ADDITIONAL_NEEDS,
  FACTOR_PRESENCE,
  FACTOR_RELEVANCE,
  MAINSTREAM_SERVICE_RELATIONS,
  PRESENTATIONS,
  PRIMARY_VULNERABILITIES,
} from '../../../domain/reference/assessment.ts';
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
} from '../../../domain/formulation.ts';
import type { TagColour } from '../../../domain/case-state.ts';
import type { FormErrors } from '../../../web/forms.ts';
import type { CaseHeader } from '../../../access/case-context.ts';
import { formatDateTime } from '../../../web/case-format.ts';
import type { FormulationVersion } from '../store.ts';
import type { InstrumentTemplate } from '../templates.ts';

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
export const errorModel = (errors: Errors) => ({
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

export const labelIn = (list: readonly { code: string; label: string }[], code: string | null) =>
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

export const caseCaption = (header: CaseHeader) => `Case ${header.reference}`;

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
