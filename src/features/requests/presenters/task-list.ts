import type { RequestDraft } from '../drafts.ts';
import { isComplete, SECTION_TITLES, sectionsFor } from '../sections.ts';
import { urls } from '../urls.ts';

/** The request's task list: each section Completed or Incomplete, then check answers. */
export function taskListPage({ draft, hubCount }: { draft: RequestDraft; hubCount: number }) {
  const sections = sectionsFor(hubCount);
  const done = sections.filter((id) => draft.answers[id] !== undefined).length;
  const complete = isComplete(draft.answers, hubCount);
  return {
    title: 'Request VSS support',
    backHref: urls.myRequests(),
    progress: `You have completed ${done} of ${sections.length} sections.`,
    canRequest: hubCount > 0,
    items: sections.map((id) => ({
      title: { text: SECTION_TITLES[id] },
      href: urls.section(draft.id, id),
      status:
        draft.answers[id] !== undefined
          ? { text: 'Completed' }
          : { tag: { text: 'Incomplete', classes: 'govuk-tag--blue' } },
    })),
    checkAnswers: complete ? { href: urls.checkAnswers(draft.id) } : null,
  };
}
