import {
  audit,
  days,
  isoDate,
  occurs,
  step,
  type CaseContext,
  type CaseGenerator,
} from '../story.ts';
import * as words from '../vocabulary.ts';
import { liaisonText } from '../vocabulary-casework.ts';

/**
 * A contact with another service, as recordContact writes it: a step of the case
 * (record_work), and the consent rule of the liaison feature: on the person's behalf only with
 * consent in force that covers it; without consent, only contacts not on their behalf
 * (a safeguarding referral, or a service contacting the VSS).
 */
function contact(
  context: CaseContext,
  agencyType: 'gp_primary_care' | 'community_mental_health',
  organisation: string,
): void {
  const { random, kase } = context;
  const consent = kase.engagementAllowed;
  const onBehalf = consent && random.chance(0.75);
  const consentCovers = consent && (onBehalf || random.chance(0.5));
  const direction = onBehalf || random.chance(0.6) ? 'outgoing' : 'incoming';
  const purpose = consent
    ? random.weighted({
        clinical_information: 45,
        care_coordination: 40,
        advice: 10,
        safeguarding: 5,
      })
    : random.weighted({ safeguarding: 60, advice: 40 });
  step(context, 'record_work');
  const id = random.uuid();
  context.rows.add('liaison_contacts', {
    id,
    case_id: kase.id,
    contact_date: isoDate(Math.max(kase.requestedAt, context.at - random.int(0, 2) * days(1))),
    agency_type: agencyType,
    organisation,
    direction,
    purpose,
    summary: liaisonText.summary(random, purpose),
    on_behalf: onBehalf,
    consent_covers: consentCovers,
    recorded_by: kase.lead!,
    recorded_at: new Date(context.at),
    version: 1,
  });
  audit(
    context,
    { userId: kase.lead!, role: 'clinician' },
    {
      action: 'collection',
      subjectType: 'liaison_contact',
      subjectId: id,
      personId: kase.personId,
      detail: { caseId: kase.id, agencyType, purpose, direction, onBehalf, consentCovers },
    },
  );
}

/**
 * Liaison by the lead clinician of an accepted case: the GP (about 60% of cases) and the
 * community mental health team (about 35%).
 */
export const liaison: CaseGenerator = {
  name: 'liaison',
  generate(context) {
    const { random, kase } = context;
    if (kase.status !== 'open' || !kase.lead) return;
    if (random.chance(0.6)) {
      if (!occurs(context, context.at + random.logNormal(days(8), 1.6))) return;
      contact(context, 'gp_primary_care', words.gpPractice(random) ?? 'GP practice (synthetic)');
    }
    if (random.chance(0.35)) {
      if (!occurs(context, context.at + random.logNormal(days(12), 1.6))) return;
      contact(context, 'community_mental_health', 'Community Mental Health Team (synthetic)');
    }
  },
};

/**
 * A multi-agency meeting the lead clinician attends for about a quarter of accepted cases:
 * a Channel panel most often, MAPPA only where there are convictions. Recorded as
 * recordMeeting does (a step of the case), then its attendees and agreed actions added one at
 * a time, each moving the meeting's own version on with an audit row, as changeMeeting does.
 */
export const meetings: CaseGenerator = {
  name: 'meetings',
  generate(context) {
    const { random, kase, profile } = context;
    if (kase.status !== 'open' || !kase.lead || !random.chance(0.25)) return;
    const meetingType = random.weighted({
      channel_panel: 50,
      mappa: profile.formulation.convictions ? 25 : 0,
      professionals: 20,
      strategy: 10,
    });
    if (!occurs(context, context.at + random.logNormal(days(25), 1.5))) return;
    step(context, 'record_work');
    const lead = kase.lead;
    const id = random.uuid();
    const heldOn = context.at - random.int(0, 3) * days(1);
    const row = context.rows.add('meetings', {
      id,
      case_id: kase.id,
      meeting_type: meetingType,
      held_on: isoDate(Math.max(kase.requestedAt, heldOn)),
      mappa_category: meetingType === 'mappa' ? random.int(1, 3) : null,
      mappa_level: meetingType === 'mappa' ? random.int(1, 3) : null,
      vss_contribution: liaisonText.contribution(random),
      recorded_by: lead,
      recorded_at: new Date(context.at),
      updated_by: null,
      updated_at: null,
      version: 1,
    });
    const actor = { userId: lead, role: 'clinician' };
    audit(context, actor, {
      action: 'collection',
      subjectType: 'meeting',
      subjectId: id,
      personId: kase.personId,
      detail: { caseId: kase.id, meetingType },
    });
    const change = (subjectType: string, subjectId: string) => {
      row.version = (row.version ?? 1) + 1;
      row.updated_by = lead;
      row.updated_at = new Date(context.at);
      audit(context, actor, {
        action: 'alteration',
        subjectType,
        subjectId,
        personId: kase.personId,
        detail: { caseId: kase.id, meetingId: id, change: 'added' },
      });
    };
    for (let i = random.int(2, 4); i > 0; i -= 1) {
      if (!occurs(context, context.at + random.int(1, 5) * 60_000)) return;
      const attendee = context.rows.add('meeting_attendees', {
        id: random.uuid(),
        meeting_id: id,
        name: `${words.givenName(random, random.chance(0.5) ? 'female' : 'male')} ${words.familyName(random)}`,
        agency: liaisonText.attendeeAgency(random, meetingType),
        added_by: lead,
        added_at: new Date(context.at),
      });
      change('meeting_attendee', attendee.id!);
    }
    for (let i = random.int(0, 2); i > 0; i -= 1) {
      if (!occurs(context, context.at + random.int(1, 5) * 60_000)) return;
      const action = context.rows.add('meeting_actions', {
        id: random.uuid(),
        meeting_id: id,
        description: liaisonText.agreedAction(random),
        owner: random.pick(['Lead clinician', 'Case officer', 'Care coordinator', 'Chair']),
        due_on: isoDate(context.at + random.int(14, 60) * days(1)),
        plan_action_id: null,
        added_by: lead,
        added_at: new Date(context.at),
      });
      change('meeting_action', action.id!);
    }
  },
};
