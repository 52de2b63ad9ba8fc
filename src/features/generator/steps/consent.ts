import {
  audit,
  days,
  hours,
  occurs,
  step,
  type CaseContext,
  type CaseGenerator,
} from '../story.ts';

type Status =
  'given' | 'declined' | 'withdrawn' | 'not_yet_sought' | 'lacks_capacity_best_interests';

function recordConsent(context: CaseContext, status: Status): void {
  const { random, kase } = context;
  const expressed = status === 'given' || status === 'declined' || status === 'withdrawn';
  const method = expressed ? (random.chance(0.4) ? 'written' : 'verbal') : null;
  step(context, 'record_work');
  context.rows.add('consents', {
    id: random.uuid(),
    case_id: kase.id,
    status,
    method,
    decided_at:
      status === 'not_yet_sought'
        ? null
        : new Date(Math.max(kase.requestedAt, context.at - random.logNormal(hours(20), 2))),
    best_interests_by:
      status === 'lacks_capacity_best_interests'
        ? 'Best-interests meeting chaired by the care coordinator (synthetic)'
        : null,
    note: null,
    recorded_by: kase.lead!,
    recorded_at: new Date(context.at),
  });
  kase.consent = status;
  kase.engagementAllowed = status === 'given' || status === 'lacks_capacity_best_interests';
  audit(
    context,
    { userId: kase.lead!, role: 'clinician' },
    {
      action: 'collection',
      subjectType: 'consent',
      subjectId: kase.id,
      personId: kase.personId,
      detail: { status, method },
    },
  );
}

/**
 * The lawful basis, then consent as a history: the first record, a later decision where it
 * was not yet sought, and now and then a withdrawal. Engagement work (formulation, and later
 * plans, liaison, meetings) happens only while consent allows it.
 */
export const consent: CaseGenerator = {
  name: 'consent',
  generate(context) {
    const { random, kase, profile } = context;
    if (kase.status !== 'open' || !kase.lead) return;
    if (!occurs(context, context.at + random.logNormal(hours(20), 2))) return;
    const codes = ['uk_gdpr_6_1_e', 'uk_gdpr_9_2_h'];
    if (profile.ageAtRequest < 18 || random.chance(0.1)) codes.push('uk_gdpr_9_2_g_safeguarding');
    step(context, 'record_work');
    context.rows.add('lawful_bases', {
      id: random.uuid(),
      case_id: kase.id,
      codes: JSON.stringify(codes),
      recorded_by: kase.lead,
      recorded_at: new Date(context.at),
    });
    audit(
      context,
      { userId: kase.lead, role: 'clinician' },
      {
        action: 'collection',
        subjectType: 'lawful_basis',
        subjectId: kase.id,
        personId: kase.personId,
        detail: { codes },
      },
    );

    if (!occurs(context, context.at + random.logNormal(days(6), 1.8))) return;
    recordConsent(context, profile.firstConsent);
    if (profile.firstConsent === 'not_yet_sought') {
      if (!occurs(context, context.at + random.logNormal(days(12), 1.6))) return;
      recordConsent(context, random.chance(0.65) ? 'given' : 'declined');
    }
  },
};

/** Now and then a person withdraws consent after work has begun (recorded by the lead). */
export const consentWithdrawal: CaseGenerator = {
  name: 'consent-withdrawal',
  generate(context) {
    const { random, kase } = context;
    if (kase.status !== 'open' || kase.consent !== 'given' || !random.chance(0.04)) return;
    if (!occurs(context, context.at + random.logNormal(days(14), 2))) return;
    recordConsent(context, 'withdrawn');
  },
};
