import {
  type FormulationChange,
  type FormulationContent,
  type FormulationStatus,
  type SubmitProblem,
} from '../../../domain/formulation.ts';
import type { FormErrors } from '../../../web/forms.ts';
import type { CaseHeader } from '../../../access/case-context.ts';
import { formatDateTime } from '../../../web/case-format.ts';
import { sectionPath } from '../../cases/registry.ts';
import { type FormValues } from '../form.ts';
import type { SignOffQueueItem } from '../sign-off-service.ts';
import type { FormulationVersion } from '../store.ts';
import type { InstrumentTemplate } from '../templates.ts';
import {
  caseCaption,
  errorModel,
  formulationUrls,
  statusTag,
  contentCards,
  changeRows,
  taskList,
  versionFacts,
} from './common.ts';

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
    backLink: { href: `${sectionPath(caseId, 'assessment')}#formulation`, text: 'Back' },
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
    backLink: { href: formulationUrls.overview(header.id), text: 'Back' },
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
    backLink: { href: formulationUrls.overview(header.id), text: 'Back' },
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
    backLink: { href: formulationUrls.versions(header.id), text: 'Back' },
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
    backLink: { href: formulationUrls.queue(), text: 'Back' },
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
