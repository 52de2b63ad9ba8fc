import type { FastifyReply } from 'fastify';

export interface SummaryRow {
  key: { text: string };
  value: { text: string };
}

export const summaryRow = (key: string, value: string | null | undefined): SummaryRow => ({
  key: { text: key },
  value: { text: value === null || value === undefined || value === '' ? 'Not given' : value },
});

/**
 * "This case changed since you opened it" (409): what the case holds now beside what the
 * user tried to save, so nothing they typed is lost and nothing of the other save is undone.
 */
export function sendConflict(
  reply: FastifyReply,
  input: {
    caseId: string;
    reference: string;
    refusal: string | null;
    now: SummaryRow[];
    tried: SummaryRow[];
    retryHref: string | null;
  },
): FastifyReply {
  return reply.page(
    'web/views/conflict.njk',
    {
      title: 'This case changed since you opened it',
      reference: input.reference,
      refusal: input.refusal,
      now: input.now,
      tried: input.tried,
      retryHref: input.retryHref,
      caseHref: `/cases/${input.caseId}`,
    },
    409,
  );
}

/**
 * A change that did not happen, on the same conflict page (409): `stale`, the case changed
 * since the form was opened; `refused`, a rule says no now, with the reason ("This cannot be
 * done now"). For forms that have no "what the case shows now" to set beside the user's.
 */
export function sendUnchanged(
  reply: FastifyReply,
  input: {
    change: { kind: 'stale' } | { kind: 'refused'; reason: string };
    caseId: string;
    reference: string;
    tried?: SummaryRow[];
    retryHref?: string | null;
    /** Where "Go to the case" leads: the case page, or the officer's request page. */
    caseHref?: string;
    /** The page's title and the link's words, where the record has a page of its own. */
    title?: string;
    caseLinkText?: string;
  },
): FastifyReply {
  const refused = input.change.kind === 'refused' ? input.change.reason : null;
  return reply.page(
    'web/views/conflict.njk',
    {
      title:
        input.title ??
        (refused ? 'This cannot be done now' : 'This case changed since you opened it'),
      reference: input.reference,
      refused,
      refusal: null,
      now: null,
      tried: input.tried?.length ? input.tried : null,
      retryHref: input.retryHref ?? null,
      caseHref: input.caseHref ?? `/cases/${input.caseId}`,
      caseLinkText: input.caseLinkText ?? null,
    },
    409,
  );
}
