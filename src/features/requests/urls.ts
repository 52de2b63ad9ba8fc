import type { SectionId } from './sections.ts';

/** Page addresses of the request journey: ids only, never personal data. */
export const SECTION_SLUGS: Record<SectionId, string> = {
  person: 'about-the-person',
  prevent: 'prevent-references',
  referral: 'referral',
  concerns: 'concerns-and-support',
  urgency: 'urgency-and-awareness',
  hub: 'hub',
};

export const sectionOfSlug = (slug: string): SectionId | undefined =>
  (Object.keys(SECTION_SLUGS) as SectionId[]).find((id) => SECTION_SLUGS[id] === slug);

export const urls = {
  myRequests: (page?: number) => (page && page > 1 ? `/requests?page=${page}` : '/requests'),
  start: () => '/requests/new',
  draft: (draftId: string) => `/requests/drafts/${draftId}`,
  section: (draftId: string, section: SectionId) =>
    `/requests/drafts/${draftId}/${SECTION_SLUGS[section]}`,
  possibleMatch: (draftId: string) => `/requests/drafts/${draftId}/possible-match`,
  checkAnswers: (draftId: string) => `/requests/drafts/${draftId}/check-answers`,
  submit: (draftId: string) => `/requests/drafts/${draftId}/submit`,
  sent: (caseId: string) => `/requests/${caseId}/sent`,
  request: (caseId: string) => `/requests/${caseId}`,
  guidance: () => '/guidance',
};
