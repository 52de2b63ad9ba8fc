import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { replaceAssignments } from '../../access/assignments.ts';
import type { DB } from '../../db/schema.ts';
import type { Role } from '../../domain/roles.ts';
import { CLOSURE_OUTCOMES } from '../../domain/reference/case-outcomes.ts';
import {
  ADDITIONAL_NEEDS,
  MAINSTREAM_SERVICE_RELATIONS,
  PRESENTATIONS,
  PRIMARY_VULNERABILITIES,
} from '../../domain/reference/assessment.ts';
import { ETHNIC_GROUPS, GENDERS } from '../../domain/reference/people.ts';
import { CONCERN_TYPES, REFERRAL_SECTORS } from '../../domain/reference/prevent.ts';

/**
 * A small seeded fixture for the statistics tests: cases across the three pilot hubs over a
 * financial year and a little either side, with triage, allocations (some reallocated),
 * formulations (some reviewed, some with a draft on top), closures and feedback. Written
 * straight to the tables; uneven between hubs on purpose, so that some figures are hidden.
 */

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cases at the edge of a UK day, month and financial year. */
export const BOUNDARY_CASES = 8;

export interface FixtureUsers {
  hubLeads: Record<string, string>;
  clinicians: Record<string, string[]>;
}

export async function statisticsFixture(
  db: Kysely<DB>,
  options: { seed: number; cases: number; from: Date; to: Date },
): Promise<FixtureUsers> {
  const random = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const hubs = await db.selectFrom('hubs').select(['id', 'code']).execute();
  const hubOf = (code: string) => hubs.find((h) => h.code === code)!.id;
  const weights: [string, number][] = [
    ['WM', 0.6],
    ['NW', 0.33],
    ['LDN', 0.07],
  ];
  const chooseHub = () => {
    let r = random();
    for (const [code, w] of weights) {
      if ((r -= w) < 0) return code;
    }
    return 'WM';
  };

  const user = async (name: string, role: Role, hubCode: string) => {
    const id = randomUUID();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({ id, email: `${id}@fixture.example`, name })
        .execute();
      await replaceAssignments(trx, id, [{ role, hubId: hubOf(hubCode) }]);
    });
    return id;
  };
  const officers: Record<string, string> = {};
  const hubLeads: Record<string, string> = {};
  const clinicians: Record<string, string[]> = {};
  const counts: Record<string, number> = { WM: 7, NW: 4, LDN: 2 };
  for (const { code } of hubs) {
    officers[code] = await user(`Officer ${code}`, 'case_officer', code);
    hubLeads[code] = await user(`Lead ${code}`, 'hub_lead', code);
    clinicians[code] = [];
    for (let i = 0; i < (counts[code] ?? 1); i += 1) {
      clinicians[code].push(await user(`Clinician ${code} ${i + 1}`, 'clinician', code));
    }
  }

  const span = options.to.getTime() - options.from.getTime();
  const earlier: Record<string, string[]> = {};
  const rows = {
    people: [] as DB['people'][],
    cases: [] as Record<string, unknown>[],
    support: [] as Record<string, unknown>[],
    triage: [] as Record<string, unknown>[],
    allocations: [] as Record<string, unknown>[],
    formulations: [] as Record<string, unknown>[],
    closureRequests: [] as Record<string, unknown>[],
    summaries: [] as Record<string, unknown>[],
    feedback: [] as Record<string, unknown>[],
  };
  // A code no longer on the list (such as one withdrawn from the census list) is counted, never printed.
  const ethnicities = [...ETHNIC_GROUPS.map((e) => e.code), 'withdrawn_code'];
  const HOUR = 3_600_000;
  for (let i = 0; i < options.cases; i += 1) {
    const hubCode = chooseHub();
    const hubId = hubOf(hubCode);
    // The first few fall at 00:30 on 1 April 2025 in London (23:30 UTC the day before), on
    // their 18th birthday: UK days, not UTC ones, decide the month, the year and the age.
    const boundary = i < BOUNDARY_CASES;
    const requestedAt = boundary
      ? new Date(Date.UTC(2025, 2, 31, 23, 30 + i))
      : new Date(options.from.getTime() + Math.floor(random() * span));
    const personId = randomUUID();
    const year = 1950 + Math.floor(random() * 62);
    const dob = boundary
      ? '2007-04-01'
      : `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    rows.people.push({
      id: personId,
      given_name: 'Synthetic',
      family_name: `Person${i}`,
      date_of_birth: dob,
      gender: pick(GENDERS).code,
      ethnicity: pick(ethnicities),
      postcode_district: 'B15',
      first_language: 'English',
    } as never);
    const caseId = randomUUID();
    const previous = earlier[hubCode]?.length && chance(0.12) ? pick(earlier[hubCode]) : null;
    (earlier[hubCode] ??= []).push(caseId);
    let status = 'awaiting_triage';
    let closedAt: Date | null = null;
    if (chance(0.88)) {
      const decision = pick(['accept', 'accept', 'accept', 'advice_only', 'decline', 'urgent']);
      const seconds = Math.floor(HOUR / 1000 + random() * 20 * 86_400);
      const decidedAt = new Date(requestedAt.getTime() + seconds * 1000);
      rows.triage.push({
        case_id: caseId,
        decision,
        rationale: 'Fixture',
        signposting: decision === 'decline' ? 'GP' : null,
        diverted_to: decision === 'urgent' ? 'Crisis team' : null,
        diverted_at: decision === 'urgent' ? decidedAt : null,
        decided_by: hubLeads[hubCode],
        decided_at: decidedAt,
        seconds_to_triage: seconds,
      });
      if (decision === 'decline' || decision === 'urgent') {
        status = 'closed';
        closedAt = decidedAt;
      } else if (decision === 'advice_only') {
        status = 'advice_only';
      } else {
        status = 'awaiting_allocation';
        if (chance(0.95)) {
          status = 'open';
          const lead = pick(clinicians[hubCode]!);
          const allocatedFrom = new Date(decidedAt.getTime() + 2 * HOUR);
          const reallocated = chance(0.2);
          const second = pick(clinicians[hubCode]!);
          const movedAt = new Date(allocatedFrom.getTime() + 10 * 86_400_000);
          rows.allocations.push({
            case_id: caseId,
            clinician_id: lead,
            role: 'lead',
            allocated_from: allocatedFrom,
            allocated_to: reallocated ? movedAt : null,
            allocated_by: hubLeads[hubCode],
          });
          if (reallocated) {
            rows.allocations.push({
              case_id: caseId,
              clinician_id: second,
              role: 'lead',
              allocated_from: movedAt,
              allocated_to: null,
              allocated_by: hubLeads[hubCode],
            });
          }
          if (chance(0.25)) {
            const other = pick(clinicians[hubCode]!);
            if (other !== lead && other !== second) {
              rows.allocations.push({
                case_id: caseId,
                clinician_id: other,
                role: 'other',
                allocated_from: allocatedFrom,
                allocated_to: null,
                allocated_by: hubLeads[hubCode],
              });
            }
          }
          if (chance(0.7)) {
            const versions = chance(0.3) ? 2 : 1;
            let previousId: string | null = null;
            for (let v = 1; v <= versions + (chance(0.2) ? 1 : 0); v += 1) {
              const draft = v > versions;
              const id = randomUUID();
              const at = new Date(allocatedFrom.getTime() + v * 5 * 86_400_000);
              const sample = <T>(list: readonly T[]) => list.filter(() => chance(0.3));
              rows.formulations.push({
                id,
                case_id: caseId,
                version_number: v,
                previous_id: previousId,
                template_id: 'fixture',
                template_version: '1',
                status: draft ? 'draft' : 'signed_off',
                author_id: lead,
                primary_vulnerability: chance(0.05) ? null : pick(PRIMARY_VULNERABILITIES).code,
                presentations: JSON.stringify(sample(PRESENTATIONS).map((p) => p.code)),
                mainstream_relation: chance(0.05) ? null : pick(MAINSTREAM_SERVICE_RELATIONS).code,
                additional_needs: JSON.stringify(sample(ADDITIONAL_NEEDS).map((p) => p.code)),
                convictions: chance(0.15) ? null : chance(0.4),
                supervision_failures: chance(0.15) ? null : chance(0.35),
                review_reason: previousId ? 'Review' : null,
                submitted_by: draft ? null : lead,
                submitted_at: draft ? null : at,
                signed_off_by: draft ? null : hubLeads[hubCode],
                signed_off_at: draft ? null : at,
                created_at: at,
                updated_at: at,
              });
              previousId = id;
            }
          }
        }
      }
      if ((status === 'open' || status === 'advice_only') && chance(0.55)) {
        const approvedAt = new Date(decidedAt.getTime() + (5 + random() * 120) * 86_400_000);
        const requestId = randomUUID();
        const outcome = status === 'advice_only' ? 'advice_given' : pick(CLOSURE_OUTCOMES).code;
        const requester = pick(clinicians[hubCode]!);
        rows.closureRequests.push({
          id: requestId,
          case_id: caseId,
          requested_by: requester,
          requested_at: approvedAt,
          outcome,
          summary: 'Fixture',
          closing_notes: 'Fixture',
          decision: 'approved',
          decided_by: hubLeads[hubCode],
          decided_at: approvedAt,
        });
        rows.summaries.push({
          case_id: caseId,
          closure_request_id: requestId,
          outcome,
          summary: 'Fixture',
          approved_by: hubLeads[hubCode],
          approved_at: approvedAt,
        });
        status = 'closed';
        closedAt = approvedAt;
        if (chance(0.75)) {
          rows.feedback.push({
            case_id: caseId,
            officer_id: officers[hubCode],
            confidence: 1 + Math.floor(random() * 5),
            answered_at: approvedAt,
          });
        }
      }
    }
    rows.cases.push({
      id: caseId,
      reference: `${hubCode}-FX-${String(i).padStart(5, '0')}`,
      hub_id: hubId,
      person_id: personId,
      status,
      urgency: 'routine',
      requested_by: officers[hubCode],
      requested_at: requestedAt,
      previous_case_id: previous,
      idempotency_key: randomUUID(),
      closed_at: closedAt,
    });
    rows.support.push({
      case_id: caseId,
      pcmt_reference: 'PCMT-FX',
      prevent_stage: 'police_led',
      gateway_date: '2025-01-01',
      referral_sector: pick(REFERRAL_SECTORS).code,
      concern_type: pick(CONCERN_TYPES).code,
      concerns_seen: 'Fixture',
      support_reason: 'Fixture',
      person_aware: 'yes',
      submitted_at: requestedAt,
    });
  }
  const insert = async (table: keyof DB, values: unknown[]) => {
    for (let i = 0; i < values.length; i += 200) {
      await db
        .insertInto(table)
        .values(values.slice(i, i + 200))
        .execute();
    }
  };
  await insert('people', rows.people);
  // Earlier cases first, so a re-referral's previous case exists (it was pushed earlier).
  await insert('cases', rows.cases);
  await insert('support_requests', rows.support);
  await insert('triage_decisions', rows.triage);
  await insert('allocations', rows.allocations);
  await insert('formulations', rows.formulations);
  await insert('closure_requests', rows.closureRequests);
  await insert('closure_summaries', rows.summaries);
  await insert('closure_feedback', rows.feedback);
  return { hubLeads, clinicians };
}
