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
