import assert from 'node:assert/strict';
import type { Database } from '../../src/db/database.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { createDraft, findDraft, saveSection } from '../../src/features/requests/drafts.ts';
import type { DraftAnswers } from '../../src/features/requests/sections.ts';
import { submitRequest } from '../../src/features/requests/submit.ts';
import { completeAnswers, insertOfficer } from './requests.ts';

/** A request submitted through the requests service by a new officer of the hub. */
export async function submittedCase(
  database: Database,
  clock: Clock,
  options: { hubCode?: string; answers?: Partial<DraftAnswers> } = {},
): Promise<{ caseId: string; reference: string; officerId: string }> {
  const officer = await insertOfficer(database, [options.hubCode ?? 'WM']);
  const answers = completeAnswers(options.answers);
  const draftId = await createDraft(database.db, clock, officer);
  for (const section of ['person', 'prevent', 'referral', 'concerns', 'urgency'] as const) {
    assert.ok(
      await saveSection(
        { db: database.db, clock },
        { officer, draftId, section, value: answers[section] },
      ),
    );
  }
  const draft = await findDraft(database.db, clock, officer, draftId);
  const result = await submitRequest(database.db, clock, officer, {
    draftId,
    idempotencyKey: draft!.idempotencyKey,
    requestId: null,
  });
  assert.equal(result.outcome, 'created');
  if (result.outcome !== 'created') throw new Error('not created');
  return { caseId: result.caseId, reference: result.reference, officerId: officer.userId };
}
