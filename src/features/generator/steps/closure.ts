import { ACCEPTED_OUTCOME_WEIGHTS } from '../distributions.ts';
import {
  audit,
  days,
  occurs,
  step,
  type CaseContext,
  type CaseGenerator,
  type Row,
} from '../story.ts';
import { text } from '../vocabulary.ts';

/** The outcome the clinician gives, following what happened in the case. */
function outcomeOf(context: CaseContext): string {
  const { kase, profile, random } = context;
  if (kase.status === 'advice_only') return 'advice_given';
  if (kase.consent === 'declined' || kase.consent === 'withdrawn') return 'consent_declined';
  if (kase.consent === null || kase.consent === 'not_yet_sought') return 'disengaged';
  if (profile.formulation.primaryVulnerability === 'no_mental_health_needs') {
    return 'no_mental_health_needs';
  }
  return random.weighted(ACCEPTED_OUTCOME_WEIGHTS);
}

/**
 * Closure: the lead clinician (any hub clinician for an advice-only consultation) asks; a hub
 * lead who is not the requester approves, which closes the case and copies the summary for the
 * case officer. Now and then the hub lead sends it back first.
 */
export const closure: CaseGenerator = {
  name: 'closure',
  generate(context) {
    const { random, kase, staff } = context;
    if (kase.status !== 'open' && kase.status !== 'advice_only') return;
    const requester = kase.status === 'open' ? kase.lead! : random.pick(staff.clinicians);
    const outcome = outcomeOf(context);
    const worked = kase.status === 'open' && kase.engagementAllowed;
    let wait = worked ? random.logNormal(days(60), 1.7) : random.logNormal(days(10), 1.8);
    for (let attempt = 0; ; attempt += 1) {
      if (!occurs(context, context.at + wait)) return;
      step(context, 'request_closure');
      const request: Row<'closure_requests'> = context.rows.add('closure_requests', {
        id: random.uuid(),
        case_id: kase.id,
        requested_by: requester,
        requested_at: new Date(context.at),
        outcome,
        summary: text.closureSummary(random),
        closing_notes: text.closingNotes(random),
        decision: 'pending',
      });
      audit(
        context,
        { userId: requester, role: staff.hubLeads.includes(requester) ? 'hub_lead' : 'clinician' },
        {
          action: 'collection',
          subjectType: 'closure_request',
          subjectId: request.id!,
          personId: kase.personId,
          detail: { caseId: kase.id, outcome, status: kase.status },
        },
      );
      // Hub leads review closures a few times a week.
      if (!occurs(context, context.at + random.logNormal(days(4), 1.8))) return;
      const lead = random.pick(staff.hubLeads.filter((l) => l !== requester));
      const sendBack = attempt === 0 && random.chance(0.07);
      step(
        context,
        sendBack ? 'return_closure' : 'approve_closure',
        sendBack ? undefined : context.at,
      );
      Object.assign(request, {
        decision: sendBack ? 'returned' : 'approved',
        decided_by: lead,
        decided_at: new Date(context.at),
        return_reason: sendBack ? text.returnReason(random) : null,
      });
      if (!sendBack) {
        context.rows.add('closure_summaries', {
          case_id: kase.id,
          closure_request_id: request.id!,
          outcome: request.outcome,
          summary: request.summary,
          approved_by: lead,
          approved_at: new Date(context.at),
        });
      }
      audit(
        context,
        { userId: lead, role: 'hub_lead' },
        {
          action: 'alteration',
          subjectType: 'closure_request',
          subjectId: request.id!,
          personId: kase.personId,
          detail: {
            caseId: kase.id,
            decision: sendBack ? 'return' : 'approve',
            status: kase.status,
          },
        },
      );
      if (!sendBack) return;
      wait = random.logNormal(days(4), 1.8);
    }
  },
};

/** The requesting officer answers the feedback question after most approved closures. */
export const feedback: CaseGenerator = {
  name: 'feedback',
  generate(context) {
    const { random, kase } = context;
    if (kase.status !== 'closed' || kase.row.closed_at === undefined || !random.chance(0.7)) return;
    if (context.profile.triage === 'decline' || context.profile.triage === 'urgent') return;
    if (!occurs(context, context.at + random.logNormal(days(4), 2))) return;
    const confidence = Number(random.weighted({ 5: 34, 4: 36, 3: 18, 2: 8, 1: 4 }));
    context.rows.add('closure_feedback', {
      case_id: kase.id,
      officer_id: kase.requestedBy,
      confidence,
      comment: text.feedbackComment(random),
      answered_at: new Date(context.at),
    });
    audit(
      context,
      { userId: kase.requestedBy, role: 'case_officer' },
      {
        action: 'collection',
        subjectType: 'closure_feedback',
        subjectId: kase.id,
        personId: kase.personId,
        detail: { confidence },
      },
    );
  },
};
