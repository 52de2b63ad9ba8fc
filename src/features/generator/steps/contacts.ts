import { audit, days, hours, nextWorkingTime, occurs, step, type CaseGenerator } from '../story.ts';
import type { Random } from '../random.ts';

/**
 * Contacts and appointments (issue 13) and case notes, as the contacts and notes services
 * write them. Each draws from its own child of the case's random source, so the draws of the
 * other generators do not move when these change.
 *
 * Contacts run after consent withdrawal: only a case whose consent still allows engagement at
 * the end of its story books appointments with the person, so every contact with the person
 * falls after consent was decided and the database trigger (0130) accepts it. Rates: about
 * 70% attended, 15% did not attend, 10% cancelled, 5% rescheduled; about a fifth of contacts
 * are with family or carers or a professional.
 */

const SUMMARIES = [
  'Talked through the week; sleep has improved. Agreed to keep the routine going.',
  'Reviewed the safety plan together. No new concerns raised.',
  'Discussed college attendance and who they spend time with online.',
  'Went over the anxiety diary. Practised a grounding exercise.',
  'Checked in after the GP appointment; medication unchanged for now.',
  'Talked about the family situation and what support would help.',
  'Explained what the service can and cannot do, and agreed next steps.',
] as const;
const FOLLOW_UPS = [
  'Book the next appointment in two weeks.',
  'Ask the GP for an update on the referral.',
  'Share the safety plan with the care coordinator (with consent).',
] as const;
const PLACES = [
  'Health centre, room 2 (synthetic)',
  'Community hub (synthetic)',
  'Home visit (synthetic)',
  'Youth centre (synthetic)',
] as const;
const RELATIONS = ['Mother', 'Father', 'Older sister', 'Foster carer', 'Grandmother'] as const;
const PROFESSIONALS = [
  'GP (synthetic practice)',
  'Care coordinator, community mental health team (synthetic)',
  'School safeguarding lead (synthetic)',
  'Social worker (synthetic)',
] as const;
const NOTES = {
  clinical: [
    'Presentation settled today. Engaged well and was open about worries at home.',
    'Low mood reported over the weekend; no thoughts of harm. Plan reviewed.',
    'Autism assessment letter discussed; wants help preparing for it.',
  ],
  supervision: [
    'Case discussed in supervision. Agreed to keep the current plan and review in a month.',
  ],
  safeguarding_concern: [
    'Concern about an older contact online. Discussed with the hub lead; safeguarding advice sought.',
  ],
  risk_to_self_concern: [
    'Mentioned self-harm in the past month. Safety plan updated and crisis numbers given.',
  ],
  other: ['Administrative note: change of contact number recorded.'],
} as const;

/** An appointment time: a working day, on the hour or half hour, 9am to 4pm UTC. */
function appointmentTime(random: Random, after: number): number {
  const day = nextWorkingTime(after + random.logNormal(days(7), 1.5));
  const midnight = Math.floor(day / days(1)) * days(1);
  return midnight + hours(9) + random.int(0, 14) * 30 * 60_000;
}

function contactWith(random: Random) {
  const kind = random.weighted({ person: 80, family_carer: 12, professional: 8 });
  const withWhom =
    kind === 'family_carer'
      ? random.pick(RELATIONS)
      : kind === 'professional'
        ? random.pick(PROFESSIONALS)
        : null;
  const method =
    kind === 'person'
      ? random.weighted({ face_to_face: 50, phone: 20, video: 15, home_visit: 12, letter: 3 })
      : random.weighted({ phone: 60, video: 20, face_to_face: 15, letter: 5 });
  return { kind, withWhom, method };
}

export const contacts: CaseGenerator = {
  name: 'contacts',
  generate(context) {
    const { kase } = context;
    if (kase.status !== 'open' || !kase.lead || !kase.engagementAllowed) return;
    const random = context.random.child(`contacts-${kase.id}`);
    const lead = kase.lead;
    const actor = { userId: lead, role: 'clinician' };
    for (let n = random.int(1, 8); n > 0; n -= 1) {
      if (!occurs(context, context.at + random.logNormal(days(5), 1.6))) return;
      const { kind, withWhom, method } = contactWith(random);
      const startsAt = appointmentTime(random, context.at);
      step(context, 'record_work');
      const id = random.uuid();
      const row = context.rows.add('contacts', {
        id,
        case_id: kase.id,
        kind,
        method,
        status: 'planned',
        starts_at: new Date(startsAt),
        place:
          method === 'phone' || method === 'video' || method === 'letter'
            ? null
            : random.pick(PLACES),
        with_whom: withWhom,
        clinician_id: lead,
        duration_minutes: random.pick([30, 45, 50, 60]),
        summary: null,
        follow_up: null,
        cancelled_by: null,
        rescheduled_to: null,
        recorded_by: lead,
        recorded_at: new Date(context.at),
        outcome_by: null,
        outcome_at: null,
        version: 1,
      });
      audit(context, actor, {
        action: 'collection',
        subjectType: 'contact',
        subjectId: id,
        personId: kase.personId,
        detail: { caseId: kase.id, kind, method, status: 'planned' },
      });
      // The outcome, recorded after the appointment; one still to come stays booked.
      if (!occurs(context, Math.max(startsAt + hours(1), context.at + 60_000))) return;
      const outcome = random.weighted({
        attended: 70,
        did_not_attend: 15,
        cancelled: 10,
        rescheduled: 5,
      });
      let next: string | null = null;
      if (outcome === 'rescheduled') {
        next = random.uuid();
        // The new appointment goes before the one it replaces, which refers to it.
        const all = context.rows.rowsOf('contacts');
        all.splice(all.indexOf(row), 0, {
          ...row,
          id: next,
          starts_at: new Date(appointmentTime(random, context.at)),
          recorded_at: new Date(context.at),
        });
        audit(context, actor, {
          action: 'collection',
          subjectType: 'contact',
          subjectId: next,
          personId: kase.personId,
          detail: { caseId: kase.id, kind, status: 'planned', rescheduledFrom: id },
        });
      }
      row.status = outcome;
      row.summary = outcome === 'attended' ? random.pick(SUMMARIES) : null;
      row.follow_up = outcome === 'attended' && random.chance(0.3) ? random.pick(FOLLOW_UPS) : null;
      row.cancelled_by =
        outcome === 'cancelled' ? random.weighted({ person: 60, service: 30, other: 10 }) : null;
      row.rescheduled_to = next;
      row.outcome_by = lead;
      row.outcome_at = new Date(context.at);
      row.version = 2;
      audit(context, actor, {
        action: 'alteration',
        subjectType: 'contact',
        subjectId: id,
        personId: kase.personId,
        detail: { caseId: kase.id, outcome },
      });
    }
  },
};

/** Case notes by the lead clinician: a few per accepted case, now and then amended. */
export const notes: CaseGenerator = {
  name: 'notes',
  generate(context) {
    const { kase } = context;
    if (kase.status !== 'open' || !kase.lead) return;
    const random = context.random.child(`notes-${kase.id}`);
    const lead = kase.lead;
    const actor = { userId: lead, role: 'clinician' };
    for (let n = random.int(0, 5); n > 0; n -= 1) {
      if (!occurs(context, context.at + random.logNormal(days(9), 1.8))) return;
      const kind = random.weighted({
        clinical: 70,
        supervision: 12,
        safeguarding_concern: 6,
        risk_to_self_concern: 4,
        other: 8,
      });
      step(context, 'record_work');
      const id = random.uuid();
      const notedOn = new Date(context.at).toISOString().slice(0, 10);
      const header = context.rows.add('case_notes', {
        id,
        case_id: kase.id,
        created_by: lead,
        created_at: new Date(context.at),
        version: 1,
      });
      const first = context.rows.add('case_note_versions', {
        note_id: id,
        version: 1,
        noted_on: notedOn,
        kind,
        body: random.pick(NOTES[kind]),
        reason: null,
        written_by: lead,
        written_at: new Date(context.at),
      });
      audit(context, actor, {
        action: 'collection',
        subjectType: 'case_note',
        subjectId: id,
        personId: kase.personId,
        detail: { caseId: kase.id, kind, version: 1 },
      });
      if (random.chance(0.05)) {
        if (!occurs(context, context.at + random.logNormal(hours(6), 2))) return;
        header.version = 2;
        context.rows.add('case_note_versions', {
          ...first,
          version: 2,
          body: `${first.body} (Corrected: the date of the next review.)`,
          reason: 'Corrected a detail',
          written_at: new Date(context.at),
        });
        audit(context, actor, {
          action: 'alteration',
          subjectType: 'case_note',
          subjectId: id,
          personId: kase.personId,
          detail: { caseId: kase.id, kind, version: 2 },
        });
      }
    }
  },
};
