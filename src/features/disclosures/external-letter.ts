import { recordCaseDenied } from '../../access/case-step.ts';
import { recordAudit } from '../audit/record.ts';
import { contentFacts, type DownloadFacts } from '../documents/service.ts';
import {
  openDecision,
  type Acting,
  type DisclosureDeps,
  type DisclosureTarget,
} from './records.ts';

/** A letter to send outside Cicero, ready to download. */
export interface LetterDownload {
  facts: DownloadFacts;
  reference: string;
}

/**
 * The letter of a decision outside Cicero, for those who may record disclosures on its case
 * (the decision's own page); audited as a consultation of the decision. Null when the user may
 * not (with a denial in the audit log) or when no letter was made (not released).
 */
export async function openDecisionLetter(
  { db, clock }: DisclosureDeps,
  { actor, principal, target }: Acting & { target: DisclosureTarget },
): Promise<LetterDownload | null> {
  return db.transaction().execute(async (trx) => {
    const found = await openDecision(trx, principal, target);
    if (!found) {
      await recordCaseDenied(trx, clock, actor, target.caseId);
      return null;
    }
    const contentId = found.record.external?.letterContentId;
    const facts = contentId ? await contentFacts(trx, contentId) : null;
    if (!facts) return null;
    const { header } = found.opened;
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'disclosure',
        subjectId: found.record.id,
        personId: header.personId,
        detail: { caseId: header.id, letter: true, download: true, contentId: facts.contentId },
      },
    );
    return { facts, reference: header.reference };
  });
}
