import { formatCaseReference } from '../../domain/case-reference.ts';
import { syntheticNhsNumber } from '../../domain/nhs-number.ts';
import { hasMentalHealthDifficulties } from '../../domain/mental-health-difficulties.ts';
import { ETHNIC_GROUPS } from '../../domain/reference/people.ts';
import * as d from './distributions.ts';
import type { Random } from './random.ts';
import type { HubStaff } from './staff.ts';
import { advice } from './steps/advice.ts';
import { allocation } from './steps/allocation.ts';
import { closure, feedback } from './steps/closure.ts';
import { consent, consentWithdrawal } from './steps/consent.ts';
import { healthDisclosures, policeSharing } from './steps/disclosures.ts';
import { formulation, formulationReview } from './steps/formulation.ts';
import { plans } from './steps/plans.ts';
import { liaison, meetings } from './steps/liaison.ts';
import { contacts, notes } from './steps/contacts.ts';
import { healthDocuments, policeDocuments } from './steps/documents.ts';
import { policeUpdates } from './steps/police-updates.ts';
import { triage } from './steps/triage.ts';
import {
  audit,
  days,
  isoDate,
  RowBatch,
  type CaseContext,
  type CaseGenerator,
  type CaseProfile,
  type GeneratedCase,
} from './story.ts';
import * as words from './vocabulary.ts';

/**
 * The story of every case, in order. A new kind of record is one more generator here, placed
 * where that work happens in a case: after consent for engagement work, before closure.
 */
export const CASE_GENERATORS: CaseGenerator[] = [
  triage,
  allocation,
  consent,
  advice,
  formulation,
  plans,
  formulationReview,
  liaison,
  meetings,
  healthDisclosures,
  consentWithdrawal,
  contacts,
  notes,
  healthDocuments,
  policeUpdates,
  policeDocuments,
  policeSharing,
  closure,
  feedback,
];

/** A person known to the run, who may be referred again once their case has closed. */
interface KnownPerson {
  id: string;
  lastCaseId: string;
  /** When their latest case closed (ms), or null while it is open. */
  closedAt: number | null;
  requestedBy: string;
}

/** What the run carries from one case (and year) to the next. */
export interface World {
  /** Marks this run: in idempotency keys and the audit rows' request_id. */
  runId: string;
  now: number;
  /** Per hub and year, the last reference number used (seeded from the database). */
  counters: Map<string, number>;
  /** NHS numbers already used, in the database or this run: the column is unique. */
  nhsNumbers: Set<string>;
  people: Map<string, KnownPerson[]>;
}

export const counterKey = (hubCode: string, year: number) => `${hubCode}:${year}`;

function drawProfile(random: Random, urgent: boolean): CaseProfile {
  const band = Object.values(d.AGE_WEIGHTS);
  const chosen = random.weighted(Object.fromEntries(band.map((b, i) => [String(i), b.weight])));
  const ageBand = band[Number(chosen)]!;
  const primaryVulnerability = random.weighted(d.PRIMARY_VULNERABILITY_WEIGHTS);
  // The statistics' definition of mental health difficulties, so the 93% shows on the page.
  const mentalHealth = hasMentalHealthDifficulties(primaryVulnerability);
  let additionalNeeds: string[] = [];
  if (
    random.chance(mentalHealth ? d.ADDITIONAL_NEEDS_SHARE_WITH_MH : d.ADDITIONAL_NEEDS_SHARE_OTHERS)
  ) {
    additionalNeeds = random.subset(d.ADDITIONAL_NEED_PROBABILITIES);
    if (additionalNeeds.length === 0)
      additionalNeeds = [random.weighted(d.ADDITIONAL_NEED_PROBABILITIES)];
  }
  const offendingKnown = !random.chance(d.OFFENDING_NOT_KNOWN_SHARE);
  return {
    ageAtRequest: random.int(ageBand.from, ageBand.to),
    triage: random.weighted(urgent ? d.URGENT_REQUEST_TRIAGE_WEIGHTS : d.TRIAGE_WEIGHTS),
    firstConsent: random.weighted(d.CONSENT_WEIGHTS),
    formulation: {
      primaryVulnerability,
      presentations:
        primaryVulnerability === 'no_mental_health_needs'
          ? []
          : random.subset(d.PRESENTATION_PROBABILITIES),
      mainstreamRelation: random.weighted(d.MAINSTREAM_RELATION_WEIGHTS),
      additionalNeeds,
      convictions: offendingKnown ? random.chance(d.CONVICTIONS_SHARE) : null,
      supervisionFailures: offendingKnown ? random.chance(d.SUPERVISION_FAILURES_SHARE) : null,
    },
  };
}

/** Subtracts whole years from a date, keeping the day (29 February becomes 28 February). */
function dateOfBirth(random: Random, requestedAt: number, age: number): string {
  const day = new Date(requestedAt - random.int(1, 364) * days(1));
  day.setUTCFullYear(day.getUTCFullYear() - age);
  return isoDate(day.getTime());
}

/** A person who was referred before, whose last case closed before this request. */
function earlierPerson(world: World, random: Random, hubCode: string, at: number) {
  const known = world.people.get(hubCode) ?? [];
  if (known.length === 0) return undefined;
  for (let tries = 0; tries < 4; tries += 1) {
    const candidate = known[Math.max(0, known.length - 1 - random.int(0, 400))]!;
    if (candidate.closedAt !== null && candidate.closedAt < at) return candidate;
  }
  return undefined;
}

/**
 * The request as the case officer submits it: the person (new, or linked on a re-referral),
 * the case with the next reference of its hub and year, and the support request.
 */
function openRequest(
  story: { world: World; random: Random; rows: RowBatch },
  staff: HubStaff,
  requestedAt: number,
): { context: CaseContext; person: KnownPerson; isNew: boolean } {
  const { world, random, rows } = story;
  const urgent = random.chance(d.URGENT_SHARE);
  const profile = drawProfile(random, urgent);
  const again = random.chance(d.RE_REFERRAL_SHARE)
    ? earlierPerson(world, random, staff.code, requestedAt)
    : undefined;
  const requestedBy =
    again && random.chance(0.5) ? again.requestedBy : random.pick(staff.caseOfficers);
  const caseId = random.uuid();
  const personId = again?.id ?? random.uuid();
  const at = new Date(requestedAt);
  const year = at.getUTCFullYear();
  const key = counterKey(staff.code, year);
  const sequence = (world.counters.get(key) ?? 0) + 1;
  world.counters.set(key, sequence);
  const reference = formatCaseReference({ hub: staff.code, year, sequence });

  if (!again) {
    const gender = random.weighted(d.GENDER_WEIGHTS);
    let nhsNumber: string | null = null;
    if (random.chance(0.85)) {
      do nhsNumber = syntheticNhsNumber(() => random.next());
      while (world.nhsNumbers.has(nhsNumber));
      world.nhsNumbers.add(nhsNumber);
    }
    const firstLanguage = random.weighted(words.FIRST_LANGUAGE_WEIGHTS);
    const ethnicity = random.weighted(
      words.ETHNICITY_WEIGHTS[staff.code] ?? words.ETHNICITY_WEIGHTS.default!,
    );
    if (!ETHNIC_GROUPS.some((g) => g.code === ethnicity))
      throw new Error(`bad ethnicity ${ethnicity}`);
    rows.add('people', {
      id: personId,
      given_name: words.givenName(random, gender),
      family_name: words.familyName(random),
      other_names: null,
      date_of_birth: dateOfBirth(random, requestedAt, profile.ageAtRequest),
      nhs_number: nhsNumber,
      gender,
      ethnicity,
      postcode_district: words.postcodeDistrict(random, staff.code),
      first_language: firstLanguage,
      communication_needs:
        firstLanguage !== 'English' && random.chance(0.5) ? 'Needs an interpreter' : null,
      created_at: at,
      updated_at: at,
      version: 1,
    });
  } else {
    rows.personUpdates.push({ id: personId, at });
  }

  const row = rows.add('cases', {
    id: caseId,
    reference,
    hub_id: staff.hubId,
    person_id: personId,
    status: 'awaiting_triage',
    urgency: urgent ? 'urgent' : 'routine',
    requested_by: requestedBy,
    requested_at: at,
    previous_case_id: again?.lastCaseId ?? null,
    idempotency_key: `${world.runId}:${caseId}`,
    closed_at: null,
    version: 1,
    created_at: at,
  });
  const channel = random.chance(0.35);
  rows.add('support_requests', {
    case_id: caseId,
    pcmt_reference: `PCMT/${staff.code}/${year}/${random.int(1000, 99999)}`,
    prevent_stage: channel ? 'channel' : 'police_led',
    gateway_date: isoDate(requestedAt - random.int(3, 120) * days(1)),
    channel_reference: channel ? `CH-${staff.code}-${random.int(100, 9999)}` : null,
    referral_sector: random.weighted(d.REFERRAL_SECTOR_WEIGHTS),
    concern_type: random.weighted(d.CONCERN_TYPE_WEIGHTS),
    concerns_seen: words.text.concernsSeen(random),
    support_reason: words.text.supportReason(random),
    gp_practice: words.gpPractice(random),
    mental_health_team: words.mentalHealthTeam(random),
    person_aware: random.weighted({ yes: 58, no: 27, unknown: 15 }),
    urgency_reason: urgent ? words.text.urgencyReason(random) : null,
    submitted_at: at,
  });

  const kase: GeneratedCase = {
    id: caseId,
    reference,
    personId,
    requestedBy,
    requestedAt,
    row,
    status: 'awaiting_triage',
    allocations: [],
    lead: null,
    engagementAllowed: false,
    consent: null,
  };
  const context: CaseContext = {
    random,
    now: world.now,
    staff,
    rows,
    requestId: world.runId,
    profile,
    kase,
    at: requestedAt,
    stopped: false,
  };
  const officer = { userId: requestedBy, role: 'case_officer' };
  if (again) {
    audit(context, officer, {
      action: 'alteration',
      subjectType: 'person',
      subjectId: personId,
      personId,
      detail: { reReferral: true },
    });
  } else {
    audit(context, officer, {
      action: 'collection',
      subjectType: 'person',
      subjectId: personId,
      personId,
    });
  }
  audit(context, officer, {
    action: 'collection',
    subjectType: 'support_request',
    subjectId: caseId,
    personId,
    detail: { reference, reReferral: again !== undefined, urgency: row.urgency },
  });
  const person: KnownPerson = again ?? {
    id: personId,
    lastCaseId: caseId,
    closedAt: null,
    requestedBy,
  };
  return { context, person, isNew: again === undefined };
}

/** A request time in a window: working days and hours mostly, as requests are made. */
function requestTime(random: Random, from: number, to: number): number {
  for (;;) {
    const t = from + random.next() * (to - from);
    const day = new Date(t).getUTCDay();
    const weekend = day === 0 || day === 6;
    if (weekend && !random.chance(0.12)) continue;
    const hour = new Date(t).getUTCHours();
    if ((hour < 8 || hour > 18) && !random.chance(0.1)) continue;
    return Math.floor(t / 1000) * 1000;
  }
}

/**
 * Generates the requests of one window of time (a year) and the whole story of each, up to
 * `world.now`. Pure apart from `world`, which carries references, people and NHS numbers on.
 */
export function generateWindow(
  world: World,
  random: Random,
  staff: HubStaff[],
  window: {
    from: number;
    to: number;
    requests: number;
    /** The steps of each case's story; all of them unless given. */
    generators?: CaseGenerator[];
  },
): RowBatch {
  const generators = window.generators ?? CASE_GENERATORS;
  const rows = new RowBatch();
  const hubWeights = Object.fromEntries(
    staff.map((s, i) => [String(i), d.HUB_WEIGHTS[s.code] ?? d.OTHER_HUB_WEIGHT]),
  ) as Record<string, number>;
  const times = Array.from({ length: window.requests }, () =>
    requestTime(random, window.from, Math.min(window.to, world.now)),
  ).sort((a, b) => a - b);
  for (const requestedAt of times) {
    const hub = staff[Number(random.weighted(hubWeights))]!;
    const { context, person, isNew } = openRequest({ world, random, rows }, hub, requestedAt);
    for (const generator of generators) {
      if (context.stopped && !generator.evenWhenStopped) continue;
      generator.generate(context);
    }
    const closedAt = context.kase.row.closed_at;
    person.lastCaseId = context.kase.id;
    person.closedAt = closedAt instanceof Date ? closedAt.getTime() : null;
    if (isNew) {
      const known = world.people.get(hub.code) ?? [];
      known.push(person);
      world.people.set(hub.code, known);
    }
  }
  return rows;
}
