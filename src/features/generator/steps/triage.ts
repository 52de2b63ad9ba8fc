import { TRIAGE_DECISIONS } from '../../../domain/reference/case-outcomes.ts';
import { audit, days, hours, occurs, step, type CaseGenerator } from '../story.ts';
import { text } from '../vocabulary.ts';

/**
 * The triage decision: within hours for an urgent request, a few working days otherwise.
 * Decline and urgent diversion close the case at triage (case-state.ts).
 */
export const triage: CaseGenerator = {
  name: 'triage',
  generate(context) {
    const { random, kase, profile, staff } = context;
    const urgent = kase.row.urgency === 'urgent';
    const wait = urgent ? random.logNormal(hours(3), 2) : random.logNormal(days(3), 2);
    if (!occurs(context, kase.requestedAt + Math.max(wait, hours(0.25)), { anyTime: urgent })) {
      return;
    }
    const decidedAt = context.at;
    const decider = random.pick([...staff.clinicians, ...staff.clinicians, ...staff.hubLeads]);
    const role = staff.hubLeads.includes(decider) ? 'hub_lead' : 'clinician';
    const decision = profile.triage;
    const closes = decision === 'decline' || decision === 'urgent';
    // The clinician reads the request before deciding (the case page audits the read).
    audit(
      context,
      { userId: decider, role },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: kase.id,
        personId: kase.personId,
        detail: { police: true, health: true },
      },
      decidedAt - 60_000,
    );
    step(
      context,
      TRIAGE_DECISIONS.find((d) => d.code === decision)!.action,
      closes ? decidedAt : undefined,
    );
    context.rows.add('triage_decisions', {
      id: random.uuid(),
      case_id: kase.id,
      decision,
      rationale: text.triageRationale(random, decision),
      signposting: decision === 'decline' ? text.signposting(random) : null,
      diverted_to: decision === 'urgent' ? text.divertedTo(random) : null,
      diverted_at:
        decision === 'urgent'
          ? new Date(Math.max(kase.requestedAt, decidedAt - random.int(5, 60) * 60_000))
          : null,
      decided_by: decider,
      decided_at: new Date(decidedAt),
      seconds_to_triage: Math.floor((decidedAt - kase.requestedAt) / 1000),
    });
    audit(
      context,
      { userId: decider, role },
      {
        action: 'collection',
        subjectType: 'triage_decision',
        subjectId: kase.id,
        personId: kase.personId,
        detail: { decision, status: kase.status },
      },
    );
  },
};
