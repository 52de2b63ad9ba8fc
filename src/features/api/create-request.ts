import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { ukToday } from '../../domain/dates.ts';
import type { Principal } from '../auth/principal.ts';
import {
  createDraft,
  deleteDraft,
  findDraft,
  saveMatchAnswer,
  saveSection,
} from '../requests/drafts.ts';
import type { Officer } from '../requests/drafts.ts';
import type { Option } from '../requests/options.ts';
import { officerOf } from '../requests/routes.ts';
import type { DraftAnswers, SectionId } from '../requests/sections.ts';
import { hubsOf, matchesForOfficer, sentRequest } from '../requests/service.ts';
import { submitRequest } from '../requests/submit.ts';
import { claimKey, findKey, forgetKey, rememberAnswer, requestHash } from './idempotency.ts';
import { parseRequestBody, type CreateRequestBody, type FieldIssue } from './request-input.ts';

export interface CreateDeps {
  db: Kysely<DB>;
  clock: Clock;
  concernTypes: Option[];
}

export interface CreateInput {
  principal: Principal;
  /** The API client the request came through (named in the audit rows). */
  clientId: string | null;
  body: CreateRequestBody;
  /** The client's Idempotency-Key (with the client's id), when sent. */
  idempotency: { clientId: string; key: string } | null;
  requestId: string;
}

export interface CreatedRequest {
  caseId: string;
  reference: string;
  hubName: string;
  urgency: 'routine' | 'urgent';
  links: { self: string; advice: string; closureSummary: string };
}

export type CreateOutcome =
  | { kind: 'created'; status: 201; body: CreatedRequest }
  | { kind: 'replayed'; status: number; body: unknown }
  | { kind: 'invalid'; errors: FieldIssue[] }
  | { kind: 'key_reused' }
  | {
      kind: 'confirm_match';
      earlierRequests: { caseId: string; reference: string; requestedAt: Date }[];
      othersExist: boolean;
    }
  | { kind: 'not_sent' };

const requestLinks = (caseId: string) => ({
  self: `/api/v1/requests/${caseId}`,
  advice: `/api/v1/requests/${caseId}/advice`,
  closureSummary: `/api/v1/requests/${caseId}/closure-summary`,
});

/**
 * A support request in one call: the same answers, rules and person matching as the request
 * pages, saved through the same draft and submitted by the same submit (one transaction that
 * creates the person, the case and the request with their audit rows).
 *
 * Matching behaves as the pages: when the officer's own earlier request is a likely match, the
 * request is not sent until the client answers `linkEarlierRequest` (that case's id, or null for
 * "someone else"); of other matches the client learns only that the hub will check.
 *
 * With an Idempotency-Key: the same key and body from the same client (as the same user) give
 * the first answer again and create nothing; the same key with another body is refused.
 */
export async function createRequestFromApi(
  deps: CreateDeps,
  input: CreateInput,
): Promise<CreateOutcome> {
  const { db, clock } = deps;
  const officer = { ...officerOf(input.principal), clientId: input.clientId };
  const hash = requestHash(input.principal.userId, input.body);
  const { idempotency } = input;
  if (idempotency) {
    const earlier = await findKey({ db, clock }, idempotency);
    if (earlier) return repeat(deps, { officer, input, hash, earlier });
  }

  const hubs = await hubsOf(db, officer);
  const parsed = parseRequestBody(input.body, {
    today: ukToday(clock.now()),
    concernTypes: deps.concernTypes,
    hubs,
  });
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };

  const found = await matchesForOfficer(
    { db, clock },
    { officer, person: parsed.answers.person!, requestId: input.requestId },
  );
  const earlier = found.kind === 'possible' ? found.earlierRequests : [];
  const link = input.body.linkEarlierRequest;
  if (link === undefined && earlier.length > 0 && found.kind === 'possible') {
    return { kind: 'confirm_match', earlierRequests: earlier, othersExist: found.othersExist };
  }
  if (typeof link === 'string' && !earlier.some((e) => e.caseId === link)) {
    return {
      kind: 'invalid',
      errors: [
        {
          field: 'linkEarlierRequest',
          message: 'Give the caseId of one of your earlier requests for this person, or null',
        },
      ],
    };
  }

  const draft = await writeDraft(deps, {
    officer,
    answers: parsed.answers,
    linkCaseId: earlier.length > 0 ? (link ?? null) : undefined,
  });
  if (idempotency) {
    const claimed = await claimKey(
      { db, clock },
      { ...idempotency, hash, actingUserId: input.principal.userId, draft },
    );
    if (!claimed) {
      // Another call with this key got there first: this draft is not needed.
      await deleteDraft(db, officer, draft.id);
      const record = await findKey({ db, clock }, idempotency);
      if (!record) return { kind: 'not_sent' };
      return repeat(deps, { officer, input, hash, earlier: record });
    }
  }
  return submit(deps, { officer, input, draft });
}

async function writeDraft(
  { db, clock }: CreateDeps,
  given: {
    officer: Officer;
    answers: Omit<DraftAnswers, 'match'>;
    linkCaseId: string | null | undefined;
  },
): Promise<{ id: string; key: string }> {
  const { officer, answers, linkCaseId } = given;
  const draftId = await createDraft(db, clock, officer);
  for (const [section, value] of Object.entries(answers) as [SectionId, never][]) {
    await saveSection({ db, clock }, { officer, draftId, section, value });
  }
  if (linkCaseId !== undefined) {
    await saveMatchAnswer({ db, clock }, { officer, draftId, linkCaseId });
  }
  const draft = await findDraft(db, clock, officer, draftId);
  return { id: draftId, key: draft!.idempotencyKey };
}

/** A key seen before: its first answer, or the finish of its submit; another body is refused. */
async function repeat(
  deps: CreateDeps,
  given: {
    officer: Officer;
    input: CreateInput;
    hash: string;
    earlier: {
      requestHash: string;
      draftId: string;
      draftKey: string;
      response: { status: number; body: unknown } | null;
    };
  },
): Promise<CreateOutcome> {
  const { earlier } = given;
  if (earlier.requestHash !== given.hash) return { kind: 'key_reused' };
  if (earlier.response) return { kind: 'replayed', ...earlier.response };
  return submit(deps, {
    officer: given.officer,
    input: given.input,
    draft: { id: earlier.draftId, key: earlier.draftKey },
  });
}

async function submit(
  { db, clock }: CreateDeps,
  given: { officer: Officer; input: CreateInput; draft: { id: string; key: string } },
): Promise<CreateOutcome> {
  const { officer, input, draft } = given;
  const result = await submitRequest(db, clock, officer, {
    draftId: draft.id,
    idempotencyKey: draft.key,
    requestId: input.requestId,
  });
  if (result.outcome !== 'created' && result.outcome !== 'already_submitted') {
    await deleteDraft(db, officer, draft.id);
    if (input.idempotency) await forgetKey(db, input.idempotency);
    return { kind: 'not_sent' };
  }
  const sent = await sentRequest(db, officer, result.caseId);
  const body: CreatedRequest = {
    caseId: result.caseId,
    reference: result.reference,
    hubName: sent?.hubName ?? '',
    urgency: sent?.urgency ?? 'routine',
    links: requestLinks(result.caseId),
  };
  if (input.idempotency) {
    await rememberAnswer(db, { ...input.idempotency, caseId: result.caseId, status: 201, body });
  }
  return { kind: 'created', status: 201, body };
}
