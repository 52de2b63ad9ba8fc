import { createHash } from 'node:crypto';
import { Secret } from 'otpauth';
import type { Profession, Role } from '../../domain/roles.ts';
import { DEMO_EMAIL_DOMAIN } from '../auth/accounts.ts';

/**
 * The one password of every demo account, documented in docs/accounts.md. Demo accounts exist
 * only on the reserved demo domain, so this opens nothing else.
 */
export const DEMO_PASSWORD = 'cicero demo account';

export interface DemoAccount {
  email: string;
  name: string;
  roles: Role[];
  hubCode: string | null;
  profession: Profession | null;
  /** A police account's force (src/domain/reference/policing.ts): routes its requests. */
  force?: string;
}

export const isDemoEmail = (email: string): boolean =>
  email.trim().toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`);

/**
 * The authenticator secret of a demo account, derived from its email address alone (not from
 * SESSION_SECRET or the database), so `cicero totp <email>` gives a code even while the server
 * holds the embedded database open. Never used for any other account.
 */
export function demoTotpSecret(email: string): string {
  const digest = createHash('sha256')
    .update(`cicero-demo-totp:${email.trim().toLowerCase()}`)
    .digest();
  return new Secret({ buffer: new Uint8Array(digest.subarray(0, 20)).buffer }).base32;
}

const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

// Synthetic people: the names are made up and belong to no one.
const HUB_TEAMS: Record<
  string,
  {
    caseOfficer: string;
    clinician: [string, Profession];
    seniorClinician: [string, Profession];
    hubLead: [string, Profession];
    policeLead: string;
    /** The force of the hub's demo police accounts: one the hub serves (0200_hubs_and_forces). */
    force: string;
  }
> = {
  WM: {
    caseOfficer: 'Priya Sandhu',
    clinician: ['Tom Adeyemi', 'mental_health_nurse'],
    seniorClinician: ['Grace Mensah', 'clinical_psychologist'],
    hubLead: ['Dr Helen Whitfield', 'psychiatrist'],
    policeLead: 'Mark Kowalski',
    force: 'west_midlands',
  },
  NW: {
    caseOfficer: 'Aisha Rahman',
    clinician: ['Callum Byrne', 'clinical_psychologist'],
    seniorClinician: ['Owen Pritchard', 'mental_health_nurse'],
    hubLead: ['Dr Siobhan Kelly', 'forensic_psychologist'],
    policeLead: 'Gareth Lloyd',
    force: 'greater_manchester',
  },
  LDN: {
    caseOfficer: 'Daniel Okafor',
    clinician: ['Sophie Marchetti', 'forensic_psychologist'],
    seniorClinician: ['Farah Siddiqui', 'psychiatrist'],
    hubLead: ['Dr Rajesh Menon', 'psychiatrist'],
    policeLead: 'Claire Donnelly',
    force: 'metropolitan',
  },
};

/** One demo account per role in each pilot hub, and one per national role. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  ...Object.entries(HUB_TEAMS).flatMap(([hubCode, team]): DemoAccount[] => {
    const hub = hubCode.toLowerCase();
    return [
      {
        email: email(`case_officer.${hub}`),
        name: team.caseOfficer,
        roles: ['case_officer'],
        hubCode,
        profession: null,
        force: team.force,
      },
      {
        email: email(`clinician.${hub}`),
        name: team.clinician[0],
        roles: ['clinician'],
        hubCode,
        profession: team.clinician[1],
      },
      {
        // A senior clinician is a clinician who may also sign off formulations: both roles.
        email: email(`senior_clinician.${hub}`),
        name: team.seniorClinician[0],
        roles: ['clinician', 'senior_clinician'],
        hubCode,
        profession: team.seniorClinician[1],
      },
      {
        email: email(`hub_lead.${hub}`),
        name: team.hubLead[0],
        roles: ['hub_lead'],
        hubCode,
        profession: team.hubLead[1],
      },
      {
        email: email(`police_lead.${hub}`),
        name: team.policeLead,
        roles: ['police_lead'],
        hubCode,
        profession: null,
        force: team.force,
      },
    ];
  }),
  {
    email: email('analyst'),
    name: 'Ruth Ellison',
    roles: ['analyst'],
    hubCode: null,
    profession: null,
  },
  {
    email: email('ig_officer'),
    name: 'Imran Chaudhry',
    roles: ['ig_officer'],
    hubCode: null,
    profession: null,
  },
  {
    email: email('admin'),
    name: 'Karen Fletcher',
    roles: ['admin'],
    hubCode: null,
    profession: null,
  },
];
