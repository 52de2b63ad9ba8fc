import { withNotice, type Notices } from '../../web/notices.ts';
import { sectionPath, type CaseSection } from './registry.ts';

/** Said on the case page, or on Advice to a clinician who may advise but not open the record. */
export const CLOSURE_REQUESTED = 'Closure requested. The hub lead has been asked to approve it.';

/** What the case page says after a save that lands on it (src/web/notices.ts). */
export const CASE_NOTICES = {
  allocated: 'Case allocated',
  consent: 'Consent recorded',
  'lawful-basis': 'Lawful basis recorded',
  'closure-requested': CLOSURE_REQUESTED,
  'document-added': 'Document added',
  reopened: 'Case reopened. Allocate it to restart the work.',
} as const satisfies Notices;

/** The section of the case each save lands on (src/features/cases/registry.ts). */
const SECTION_OF_NOTICE: Record<keyof typeof CASE_NOTICES, CaseSection> = {
  allocated: 'summary',
  consent: 'assessment',
  'lawful-basis': 'assessment',
  'closure-requested': 'summary',
  'document-added': 'documents',
  reopened: 'summary',
};

/** The case's section after a save, with its notice and, optionally, the part to show. */
export const caseAfterSave = (
  caseId: string,
  code: keyof typeof CASE_NOTICES,
  fragment?: string,
): string => withNotice(sectionPath(caseId, SECTION_OF_NOTICE[code]), code, fragment);
