import type { Transaction } from 'kysely';
import { replaceAssignments } from '../../access/assignments.ts';
import type { DB } from '../../db/schema.ts';
import { assignmentsOf } from '../../domain/role-assignments.ts';
import type { Profession, Role } from '../../domain/roles.ts';
import { auditRow } from '../audit/record.ts';
import { DEMO_ACCOUNTS } from '../demo/accounts.ts';
import { Random } from './random.ts';
import { familyName, givenName } from './vocabulary.ts';

/** The reserved domain of synthetic staff: plainly not real people, never a real mailbox. */
export const SYNTHETIC_EMAIL_DOMAIN = 'synthetic.cicero.example';

export const isSyntheticEmail = (email: string): boolean =>
  email.trim().toLowerCase().endsWith(`@${SYNTHETIC_EMAIL_DOMAIN}`);

/** The people who work one hub's cases, by user id. */
export interface HubStaff {
  hubId: string;
  code: string;
  caseOfficers: string[];
  clinicians: string[];
  hubLeads: string[];
  policeLeads: string[];
}

const HUB_ROLES = ['case_officer', 'clinician', 'hub_lead', 'police_lead'] as const;
type HubRole = (typeof HUB_ROLES)[number];

const CLINICAL_PROFESSIONS: Record<Profession, number> = {
  mental_health_nurse: 35,
  clinical_psychologist: 25,
  forensic_psychologist: 20,
  psychiatrist: 15,
  other: 5,
};

/**
 * How many of each role a hub needs for its yearly requests: case officers carry about 40 new
 * requests a year, clinicians about 60 (assumptions). At least two of each working role, so
 * cases can be reallocated and closures approved by someone other than the requester.
 */
export function staffNeeded(requestsPerHubPerYear: number): Record<HubRole, number> {
  return {
    case_officer: Math.max(2, Math.ceil(requestsPerHubPerYear / 40)),
    clinician: Math.max(2, Math.ceil(requestsPerHubPerYear / 60)),
    hub_lead: 2,
    police_lead: requestsPerHubPerYear > 1000 ? 2 : 1,
  };
}

export const syntheticStaffEmail = (role: HubRole, n: number, hubCode: string): string =>
  `${role}.${n}.${hubCode.toLowerCase()}@${SYNTHETIC_EMAIL_DOMAIN}`;

/**
 * Finds or creates the synthetic staff of each hub. New users have no password, no TOTP and
 * no single sign-on identity: nobody can sign in as them unless an admin gives them one. Their
 * ids and names come from their email address, so a second run finds the same people.
 */
export async function ensureSyntheticStaff(
  trx: Transaction<DB>,
  hubs: { id: string; code: string }[],
  needed: Record<HubRole, number>,
  at: Date,
): Promise<{ staff: HubStaff[]; created: number }> {
  const wanted = hubs.flatMap((hub) =>
    HUB_ROLES.flatMap((role) =>
      Array.from({ length: needed[role] }, (_, i) => ({
        hub,
        role,
        email: syntheticStaffEmail(role, i + 1, hub.code),
      })),
    ),
  );
  const existing = await trx
    .selectFrom('users')
    .select(['id', 'email'])
    .where(
      'email',
      'in',
      wanted.map((w) => w.email),
    )
    .execute();
  const idOf = new Map(existing.map((u) => [u.email, u.id]));
  const missing = wanted.filter((w) => !idOf.has(w.email));
  // Police staff work for one of the forces their hub serves (the pilot hubs: their real ones).
  const served = hubs.length
    ? await trx
        .selectFrom('hub_forces')
        .select(['hub_id', 'force_code'])
        .where(
          'hub_id',
          'in',
          hubs.map((h) => h.id),
        )
        .where('active', '=', true)
        .orderBy('force_code')
        .execute()
    : [];
  const forcesOf = (hubId: string) =>
    served.filter((s) => s.hub_id === hubId).map((s) => s.force_code);
  for (const w of missing) {
    const random = new Random(`synthetic-staff:${w.email}`);
    const clinical = w.role === 'clinician' || w.role === 'hub_lead';
    const gender = random.chance(0.5) ? 'female' : 'male';
    const title = w.role === 'hub_lead' && random.chance(0.5) ? 'Dr ' : '';
    const forces = forcesOf(w.hub.id);
    const police = w.role === 'case_officer' || w.role === 'police_lead';
    const id = random.uuid();
    idOf.set(w.email, id);
    w.role satisfies Role;
    await trx
      .insertInto('users')
      .values({
        id,
        email: w.email,
        name: `${title}${givenName(random, gender)} ${familyName(random)}`,
        profession: clinical ? random.weighted(CLINICAL_PROFESSIONS) : null,
        force_code: police && forces.length ? random.pick(forces) : null,
        password_hash: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  if (missing.length > 0) {
    for (const w of missing) {
      await replaceAssignments(trx, idOf.get(w.email)!, assignmentsOf([w.role], [w.hub.id]));
    }
    await trx
      .insertInto('audit_events')
      .values(
        missing.map((w) =>
          auditRow(
            at,
            { userId: null, role: null, hubId: null, requestId: null },
            {
              action: 'admin',
              subjectType: 'user',
              subjectId: idOf.get(w.email)!,
              detail: {
                event: 'user-created',
                via: 'generate',
                roles: [w.role],
                hubs: [w.hub.code],
              },
            },
          ),
        ),
      )
      .execute();
  }
  const staff = hubs.map((hub) => {
    const of = (role: HubRole) =>
      wanted.filter((w) => w.hub.id === hub.id && w.role === role).map((w) => idOf.get(w.email)!);
    return {
      hubId: hub.id,
      code: hub.code,
      caseOfficers: of('case_officer'),
      clinicians: of('clinician'),
      hubLeads: of('hub_lead'),
      policeLeads: of('police_lead'),
    };
  });
  return { staff, created: missing.length };
}

/**
 * The demo accounts of each pilot hub as its staff, so a signed-in demo user finds cases
 * that are theirs (requested by them, allocated to them, waiting for their approval).
 */
export async function demoStaff(
  trx: Transaction<DB>,
  hubs: { id: string; code: string }[],
): Promise<HubStaff[]> {
  const users = await trx
    .selectFrom('users')
    .select(['id', 'email'])
    .where(
      'email',
      'in',
      DEMO_ACCOUNTS.map((a) => a.email),
    )
    .execute();
  const idOf = new Map(users.map((u) => [u.email, u.id]));
  return hubs.map((hub) => {
    const of = (role: HubRole) =>
      DEMO_ACCOUNTS.filter((a) => a.hubCode === hub.code && a.roles.includes(role))
        .map((a) => idOf.get(a.email))
        .filter((id): id is string => id !== undefined);
    const staff = {
      hubId: hub.id,
      code: hub.code,
      caseOfficers: of('case_officer'),
      clinicians: of('clinician'),
      hubLeads: of('hub_lead'),
      policeLeads: of('police_lead'),
    };
    if (!staff.caseOfficers.length || !staff.clinicians.length || !staff.hubLeads.length) {
      throw new Error(`The demo accounts of hub ${hub.code} are missing: seed the users first`);
    }
    return staff;
  });
}
