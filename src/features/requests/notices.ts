import { withNotice, type Notices } from '../../web/notices.ts';

/** What the officer's request page says after a save that lands on it (src/web/notices.ts). */
export const REQUEST_NOTICES = {
  'police-update': 'Update added. The hub’s clinicians can read it now.',
} as const satisfies Notices;

/** The officer's request page after a save, with its notice. */
export const requestAfterSave = (caseId: string, code: keyof typeof REQUEST_NOTICES): string =>
  withNotice(`/requests/${caseId}`, code);
