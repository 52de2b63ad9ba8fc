import type { WorkItem } from '../../domain/what-needs-doing.ts';
import { formatDate, formatDateTime } from '../../web/case-format.ts';
import type { OpenedCase } from '../../access/case-context.ts';
import { SECTION_PAGES, sectionPath, type CaseSection } from './registry.ts';

/** The MoJ sub-navigation of a case: the sections the viewer may see, this one current. */
export function sectionNavigation(
  caseId: string,
  sections: CaseSection[],
  current: CaseSection,
  pathOf: (caseId: string, section: CaseSection) => string = sectionPath,
) {
  return sections.map((s) => ({
    text: SECTION_PAGES[s].title,
    href: pathOf(caseId, s),
    active: s === current,
  }));
}

/**
 * The case officer's view of their request, as a workspace (issue 13): the Summary is their
 * request page; the police request and the timeline are sections under it; their documents
 * are the documents feature's page. Which they see is the access core's answer.
 */
export const OFFICER_SECTION_PATHS: Partial<Record<CaseSection, (caseId: string) => string>> = {
  summary: (caseId) => `/requests/${caseId}`,
  request: (caseId) => `/requests/${caseId}/section/request`,
  documents: (caseId) => `/requests/${caseId}/documents`,
  timeline: (caseId) => `/requests/${caseId}/section/timeline`,
};

export const officerSectionPath = (caseId: string, section: CaseSection): string =>
  OFFICER_SECTION_PATHS[section]!(caseId);

/** The sections of the officer's view they may see, from `opened` (never from roles). */
export function officerSections(opened: OpenedCase): CaseSection[] {
  const { visibility, can } = opened;
  if (!can.followRequest) return [];
  return (['summary', 'request', 'documents', 'timeline'] as const).filter((s) =>
    s === 'summary'
      ? true
      : s === 'timeline'
        ? visibility.police || visibility.shared
        : visibility.police,
  );
}

/** The officer's sub-navigation, for their request page and its sections. */
export const officerNavigation = (opened: OpenedCase, current: CaseSection) =>
  sectionNavigation(opened.header.id, officerSections(opened), current, officerSectionPath);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "What needs doing" in words, each a link to where it is done. */
export function workItemText(item: WorkItem): string {
  switch (item.kind) {
    case 'seek_consent':
      return 'Seek consent to engage';
    case 'write_formulation':
      return 'Write the formulation';
    case 'finish_formulation':
      return `Finish the formulation: version ${item.versionNumber} is a draft`;
    case 'review_formulation':
      return `Review the formulation: the plan review was due ${formatDate(item.reviewDate)}`;
    case 'review_plan':
      return `Review the plan: due ${formatDate(item.reviewDate)}`;
    case 'overdue_actions':
      return `${plural(item.count, 'plan action is', 'plan actions are')} overdue`;
    case 'next_appointment':
      return `Next appointment: ${formatDateTime(item.startsAt)}`;
    case 'formulation_sign_off':
      return `Formulation version ${item.versionNumber} is waiting for sign-off`;
    case 'closure_approval':
      return 'Closure request is waiting for the hub lead';
    case 'disclosure_approval':
      return 'Disclosure decision is waiting for approval';
  }
}

export const workList = (items: WorkItem[] | null) =>
  items === null ? null : items.map((item) => ({ text: workItemText(item), href: item.href }));
