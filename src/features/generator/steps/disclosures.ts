import type { ConsentAnswer, LegalBasis } from '../../../domain/disclosures.ts';
import { consentItem } from '../../disclosures/sources/consent.ts';
import {
  formulationFivePsItem,
  formulationReportingItem,
  type SignedOffFormulation,
} from '../../disclosures/sources/formulation.ts';
import { policeUpdateItem } from '../../disclosures/sources/police-updates.ts';
import type { ReleasableItem } from '../../disclosures/sources/source.ts';
import { triageItem } from '../../disclosures/sources/triage.ts';
import { days, occurs, rowsOfCase, type CaseContext, type CaseGenerator } from '../story.ts';
import { disclosureText } from '../vocabulary-casework.ts';
import { approveOrRefuse, decide, maybeWithdraw } from './disclosure-decisions.ts';

/**
 * Which cases see disclosures, of what, to whom: health to police (with consent, or on another
 * legal basis with a hub lead's approval) and police to health. Each decision's journey through
 * the service (forms, step-up, approval, release, withdrawal) is disclosure-decisions.ts.
 *
 * The shares are our assumption (docs/synthetic-data.md): there is no published figure.
 */

/** Health to police: share of open cases, by the consent to engage in force. */
const HEALTH_TO_POLICE_SHARE = { withConsent: 0.3, withoutConsent: 0.12 };
/** Police to health: share of cases with police updates whose updates are shared. */
const POLICE_TO_HEALTH_SHARE = 0.3;

/**
 * What a health-to-police disclosure may release now, in the order the form offers it
 * (RELEASABLE_SOURCES): signed-off formulations, the triage decision, the consent in force.
 * Plan actions and closing notes are not offered here: their status at this moment is not
 * what the story's rows hold at the end.
 */
function healthItems(context: CaseContext): ReleasableItem[] {
  const { random } = context;
  const signed: SignedOffFormulation[] = rowsOfCase(context, 'formulations')
    .filter((f) => f.status === 'signed_off' && f.signed_off_at)
    .map((f) => ({
      id: f.id!,
      version_number: f.version_number,
      signed_off_at: new Date(f.signed_off_at!),
      presenting: f.presenting ?? null,
      predisposing: f.predisposing ?? null,
      precipitating: f.precipitating ?? null,
      perpetuating: f.perpetuating ?? null,
      protective: f.protective ?? null,
      primary_vulnerability: f.primary_vulnerability ?? null,
      presentations: JSON.parse(f.presentations as string) as string[],
      presentation_other: f.presentation_other ?? null,
      mainstream_relation: f.mainstream_relation ?? null,
      additional_needs: JSON.parse(f.additional_needs as string) as string[],
      convictions: f.convictions ?? null,
      supervision_failures: f.supervision_failures ?? null,
    }));
  const latest = signed.at(-1);
  const [triage] = rowsOfCase(context, 'triage_decisions');
  const consent = rowsOfCase(context, 'consents').at(-1);
  return [
    ...(latest && random.chance(0.75) ? [formulationReportingItem(latest)] : []),
    ...(latest && random.chance(0.15) ? [formulationFivePsItem(latest)] : []),
    ...(triage && random.chance(0.25)
      ? [
          triageItem({
            id: triage.id!,
            decision: triage.decision,
            rationale: triage.rationale,
            decided_at: new Date(triage.decided_at),
          }),
        ]
      : []),
    ...(consent && random.chance(0.45)
      ? [
          consentItem({
            id: consent.id!,
            status: consent.status,
            method: consent.method ?? null,
            decided_at: consent.decided_at ? new Date(consent.decided_at) : null,
            recorded_at: new Date(consent.recorded_at),
          }),
        ]
      : []),
  ];
}

/**
 * Health to police: the lead clinician (or a hub lead) releases items of the record to the
 * requesting officer and the hub's police, with the person's consent where they gave it,
 * otherwise with a safeguarding or public-interest basis and the hub lead's approval.
 */
export const healthDisclosures: CaseGenerator = {
  name: 'disclosures',
  generate(context) {
    const { random, kase, staff } = context;
    if (kase.status !== 'open' || !kase.lead) return;
    const engaged = kase.engagementAllowed;
    const share = engaged
      ? HEALTH_TO_POLICE_SHARE.withConsent
      : HEALTH_TO_POLICE_SHARE.withoutConsent;
    if (!random.chance(share)) return;
    if (!occurs(context, context.at + random.logNormal(days(10), 1.6))) return;
    const consent: ConsentAnswer =
      kase.consent === 'given'
        ? random.weighted({ given: 88, refused: 7, not_sought: 5 })
        : kase.consent === 'declined' || kase.consent === 'withdrawn'
          ? random.weighted({ refused: 70, not_sought: 30 })
          : 'not_sought';
    const legalBasis: LegalBasis =
      consent === 'given'
        ? random.weighted({ consent: 75, dpa_sch1_para18_safeguarding: 25 })
        : random.weighted({
            dpa_sch1_para18_safeguarding: 65,
            public_interest_common_law: 20,
            vital_interests: 10,
            dpa_sch1_para10_crime: 5,
          });
    // A hub lead decides now and then; one who needs approval needs another hub lead.
    const hubLeadDecides =
      random.chance(0.15) && (consent === 'given' || staff.hubLeads.length > 1);
    const decider = hubLeadDecides
      ? { userId: random.pick(staff.hubLeads), role: 'hub_lead' }
      : { userId: kase.lead, role: 'clinician' };
    const items = healthItems(context);
    const summary =
      items.length === 0 || random.chance(0.6) ? disclosureText.summary(random) : null;
    // Named recipients: the requesting officer mostly, police leads, now and then another
    // officer of the hub with a reason (need to know).
    const officer = random.chance(0.9) || staff.policeLeads.length === 0;
    const leads = staff.policeLeads.filter(() => random.chance(0.35));
    if (!officer && leads.length === 0) leads.push(random.pick(staff.policeLeads));
    const others = staff.caseOfficers.filter(
      (o) => o !== kase.requestedBy && !staff.policeLeads.includes(o),
    );
    const other = others.length > 0 && random.chance(0.08) ? random.pick(others) : null;
    const reason = other ? disclosureText.otherReason(random) : null;
    const decision = decide(context, decider, {
      direction: 'health_to_police',
      items,
      summary,
      recipients: [
        ...(officer
          ? [{ kind: 'case_officer' as const, userId: kase.requestedBy, reason: null }]
          : []),
        ...(other ? [{ kind: 'other' as const, userId: other, reason }] : []),
        ...leads.map((id) => ({ kind: 'police_lead' as const, userId: id, reason: null })),
      ],
      legalBasis,
      consent,
    });
    if (!decision) return;
    if (decision.row.status === 'awaiting_approval') approveOrRefuse(context, decision);
    maybeWithdraw(context, decision, decider);
  },
};

/**
 * Police to health: the requesting officer (or a police lead of the hub) shares police
 * updates, and sometimes a summary, with the hub's clinical team. In effect at once.
 */
export const policeSharing: CaseGenerator = {
  name: 'police-sharing',
  generate(context) {
    const { random, kase, staff } = context;
    const updates = rowsOfCase(context, 'police_updates');
    if (kase.status === 'closed' || updates.length === 0) return;
    if (!random.chance(POLICE_TO_HEALTH_SHARE)) return;
    if (!occurs(context, context.at + random.logNormal(days(2), 1.5))) return;
    const sharer =
      staff.policeLeads.length > 0 && random.chance(0.2)
        ? { userId: random.pick(staff.policeLeads), role: 'police_lead' }
        : { userId: kase.requestedBy, role: 'case_officer' };
    let chosen = updates.filter(() => random.chance(0.7));
    if (chosen.length === 0) chosen = [updates.at(-1)!];
    const consent: ConsentAnswer = random.chance(0.25) ? 'given' : 'not_sought';
    const decision = decide(context, sharer, {
      direction: 'police_to_health',
      items: chosen.map((u) =>
        policeUpdateItem({ id: u.id!, body: u.body, created_at: new Date(u.created_at) }),
      ),
      summary: random.chance(0.25) ? disclosureText.policeSummary(random) : null,
      recipients: [{ kind: 'hub_clinical_team', userId: null, reason: null }],
      legalBasis:
        consent === 'given' && random.chance(0.5)
          ? 'consent'
          : random.chance(0.95)
            ? 'dpa_part3_sch8'
            : 'required_by_law',
      consent,
    });
    if (decision) maybeWithdraw(context, decision, sharer);
  },
};
