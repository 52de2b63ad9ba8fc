import { withNotice, type Notices } from '../../web/notices.ts';

/** Said on the case page, or on Advice to a clinician who may advise but not open the record. */
export const CLOSURE_REQUESTED = 'Closure requested. The hub lead has been asked to approve it.';

/** What the case page says after a save that lands on it (src/web/notices.ts). */
export const CASE_NOTICES = {
  allocated: 'Case allocated',
  consent: 'Consent recorded',
  'lawful-basis': 'Lawful basis recorded',
  'closure-requested': CLOSURE_REQUESTED,
} as const satisfies Notices;

/** The case page after a save, with its notice and, optionally, the section to show. */
export const caseAfterSave = (
  caseId: string,
  code: keyof typeof CASE_NOTICES,
  fragment?: string,
): string => withNotice(`/cases/${caseId}`, code, fragment);
