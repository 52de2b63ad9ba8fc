import { readFileSync } from 'node:fs';
import { FORMULATION_SECTIONS } from '../../../domain/reference/assessment.ts';
import { factorsOf, parseInstrumentTemplate } from '../../formulation/templates.ts';
import type { Random } from '../random.ts';
import {
  audit,
  days,
  occurs,
  type CaseContext,
  type CaseGenerator,
  type CaseProfile,
  type GeneratedCase,
  type Row,
} from '../story.ts';
import { formulationText } from '../vocabulary-casework.ts';
import { text } from '../vocabulary.ts';

/** The template the formulations are recorded against: the VSS template the feature ships. */
const TEMPLATE_FILE = new URL(
  '../../../../config/instruments/01-vss-structured-formulation.json',
  import.meta.url,
);
const template = parseInstrumentTemplate(
  TEMPLATE_FILE.pathname,
  readFileSync(TEMPLATE_FILE, 'utf8'),
);
export const FORMULATION_TEMPLATE = { id: template.id, version: template.version } as const;
const FACTORS = factorsOf(template);

/**
 * Factors that the reporting fields of the same formulation speak to: a presentation or an
 * additional need recorded means the factor is seen (present, or partial); not recorded means
 * it is not rated present. Convictions and supervision failures not known: the factor omitted.
 */
const FROM_PRESENTATION: Record<string, string> = {
  mh_psychotic_symptoms: 'psychosis',
  mh_mood_disorder: 'depression',
  mh_anxiety_trauma_symptoms: 'anxiety',
  mh_personality_difficulties: 'personality_difficulties',
  er_anger_hostility: 'dysregulated_emotions',
  su_drugs: 'substance_misuse',
  su_effect_on_mental_state: 'substance_misuse',
  nd_autism: 'autism',
  nd_adhd: 'adhd',
  nd_learning_disability: 'learning_disability',
  nd_communication_needs: 'complex_communication',
};
const FROM_NEED: Record<string, string> = {
  ss_housing: 'housing',
  ss_trauma: 'childhood_trauma',
  ss_relationships: 'social_instability',
  ss_employment: 'unemployment',
  ss_finances: 'debt',
  ss_bereavement: 'bereavement',
};

function seen(profile: CaseProfile['formulation'], factor: string): boolean | null | undefined {
  if (FROM_PRESENTATION[factor]) return profile.presentations.includes(FROM_PRESENTATION[factor]);
  if (FROM_NEED[factor]) return profile.additionalNeeds.includes(FROM_NEED[factor]);
  if (factor === 'oh_previous_offending') return profile.convictions;
  if (factor === 'oh_supervision_compliance') return profile.supervisionFailures;
  return undefined;
}

type Presence = 'absent' | 'partial' | 'present' | 'omitted';
interface Rating {
  domain_code: string;
  factor_code: string;
  presence: Presence;
  relevance: 'low' | 'moderate' | 'high' | null;
  evidence: string | null;
}

function rate(random: Random, fields: CaseProfile['formulation'], factor: string): Presence {
  const known = seen(fields, factor);
  if (known === null) return 'omitted';
  if (known === true) return random.chance(0.8) ? 'present' : 'partial';
  if (known === false) return random.chance(0.88) ? 'absent' : 'partial';
  return random.weighted({ absent: 45, partial: 25, present: 25, omitted: 5 });
}

function rating(random: Random, domain: string, factor: string, presence: Presence): Rating {
  const relevance =
    presence === 'omitted'
      ? null
      : random.weighted(
          presence === 'present'
            ? { high: 50, moderate: 40, low: 10 }
            : presence === 'partial'
              ? { high: 15, moderate: 50, low: 35 }
              : { high: 0, moderate: 20, low: 80 },
        );
  return {
    domain_code: domain,
    factor_code: factor,
    presence,
    relevance,
    evidence:
      presence === 'present' || presence === 'partial' ? formulationText.evidence(random) : null,
  };
}

/** Every factor of the template rated, consistent with the case's reporting fields. */
function ratings(random: Random, fields: CaseProfile['formulation']): Rating[] {
  return FACTORS.map(({ domain, factor }) =>
    rating(random, domain.code, factor.code, rate(random, fields, factor.code)),
  );
}

interface Version {
  row: Row<'formulations'>;
  ratings: Rating[];
  scenarios: { description: string; triggers: string | null; warning_signs: string | null }[];
}

/** Signed-off formulations, for the review later in the story. */
const signedOff = new WeakMap<GeneratedCase, Version>();

function writeParts(context: CaseContext, version: Version) {
  for (const r of version.ratings) {
    context.rows.add('formulation_factors', { formulation_id: version.row.id!, ...r });
  }
  version.scenarios.forEach((s, i) =>
    context.rows.add('formulation_scenarios', {
      id: context.random.uuid(),
      formulation_id: version.row.id!,
      position: i + 1,
      ...s,
    }),
  );
}

const entryOf = (context: CaseContext, version: Version) => ({
  subjectType: 'formulation',
  subjectId: version.row.id!,
  personId: context.kase.personId,
});

/** One page of the draft saved, as saveDraft does: the row's version moves on, one audit row. */
function save(context: CaseContext, version: Version, section: string, domain?: string): boolean {
  if (!occurs(context, context.at + context.random.int(5, 40) * 60_000)) return false;
  version.row.updated_at = new Date(context.at);
  version.row.version = (version.row.version ?? 1) + 1;
  audit(
    context,
    { userId: version.row.author_id, role: 'clinician' },
    {
      action: 'alteration',
      ...entryOf(context, version),
      detail: { caseId: context.kase.id, section, ...(domain ? { domain } : {}) },
    },
  );
  return true;
}

/**
 * Submitted by the author, then decided by a hub lead who is not the author: now and then
 * returned to draft with a reason and submitted again; signed off in the end. A story that
 * stops early leaves the version submitted or in draft.
 */
function submitAndSignOff(context: CaseContext, version: Version): boolean {
  const { random, staff } = context;
  const row = version.row;
  const author = row.author_id;
  for (let round = 0; round < 2; round += 1) {
    if (!occurs(context, context.at + random.logNormal(days(round === 0 ? 5 : 2), 1.8))) {
      return false;
    }
    Object.assign(row, {
      status: 'submitted',
      submitted_by: author,
      submitted_at: new Date(context.at),
      updated_at: new Date(context.at),
      version: (row.version ?? 1) + 1,
    });
    audit(
      context,
      { userId: author, role: 'clinician' },
      {
        action: 'alteration',
        ...entryOf(context, version),
        detail: { caseId: context.kase.id, status: 'submitted', versionNumber: row.version_number },
      },
    );
    if (!occurs(context, context.at + random.logNormal(days(3), 1.8))) return false;
    const lead = random.pick(staff.hubLeads.filter((l) => l !== author));
    const returned = round === 0 && random.chance(0.1);
    Object.assign(
      row,
      returned
        ? {
            status: 'draft',
            returned_by: lead,
            returned_at: new Date(context.at),
            return_reason: formulationText.returnReason(random),
          }
        : { status: 'signed_off', signed_off_by: lead, signed_off_at: new Date(context.at) },
      { updated_at: new Date(context.at), version: (row.version ?? 1) + 1 },
    );
    audit(
      context,
      { userId: lead, role: 'hub_lead' },
      {
        action: 'alteration',
        ...entryOf(context, version),
        detail: {
          caseId: context.kase.id,
          status: returned ? 'draft' : 'signed_off',
          decision: returned ? 'return' : 'sign_off',
          versionNumber: row.version_number,
        },
      },
    );
    if (!returned) return true;
    if (!save(context, version, 'five_ps')) return false;
  }
  return false;
}

/**
 * A structured formulation by the lead clinician against the VSS template: every factor rated
 * (consistent with the reporting fields), the 5 Ps, one or two scenarios and the summary, each
 * page saved in turn, then submitted and signed off by a hub lead (never its author). Only where
 * consent allows engagement.
 */
export const formulation: CaseGenerator = {
  name: 'formulation',
  generate(context) {
    const { random, kase, profile } = context;
    if (kase.status !== 'open' || !kase.lead || !kase.engagementAllowed) return;
    if (!random.chance(0.85)) return;
    if (!occurs(context, context.at + random.logNormal(days(18), 1.7))) return;
    const author = kase.lead;
    const fields = profile.formulation;
    const createdAt = new Date(context.at);
    const row = context.rows.add('formulations', {
      id: random.uuid(),
      case_id: kase.id,
      version_number: 1,
      previous_id: null,
      template_id: FORMULATION_TEMPLATE.id,
      template_version: FORMULATION_TEMPLATE.version,
      status: 'draft',
      author_id: author,
      ...Object.fromEntries(
        FORMULATION_SECTIONS.map((s) => [s.code, text.formulation(random, s.code)]),
      ),
      primary_vulnerability: fields.primaryVulnerability,
      presentations: JSON.stringify(fields.presentations),
      presentation_other: fields.presentations.includes('other') ? 'Sleep difficulties' : null,
      mainstream_relation: fields.mainstreamRelation,
      additional_needs: JSON.stringify(fields.additionalNeeds),
      convictions: fields.convictions,
      supervision_failures: fields.supervisionFailures,
      review_reason: null,
      created_at: createdAt,
      updated_at: createdAt,
      version: 1,
    });
    const version: Version = {
      row,
      ratings: ratings(random, fields),
      scenarios: Array.from({ length: random.chance(0.6) ? 1 : 2 }, () =>
        formulationText.scenario(random),
      ),
    };
    writeParts(context, version);
    audit(
      context,
      { userId: author, role: 'clinician' },
      {
        action: 'collection',
        ...entryOf(context, version),
        detail: { caseId: kase.id, versionNumber: 1, templateId: FORMULATION_TEMPLATE.id },
      },
    );
    // The pages, in form order: each domain, the 5 Ps, scenarios, the summary.
    for (const domain of template.domains) {
      if (!save(context, version, 'domain', domain.code)) return;
    }
    for (const section of ['five_ps', 'scenarios', 'summary']) {
      if (!save(context, version, section)) return;
    }
    if (submitAndSignOff(context, version)) signedOff.set(kase, version);
  },
};

/**
 * Now and then, months later, the lead clinician reviews a signed-off formulation: version 2
 * starts as a copy (ratings and scenarios too), some ratings change, the review says why, and a
 * hub lead signs it off. Only while consent allows engagement.
 */
export const formulationReview: CaseGenerator = {
  name: 'formulation-review',
  generate(context) {
    const { random, kase } = context;
    const latest = signedOff.get(kase);
    if (!latest || kase.status !== 'open' || !kase.lead || !kase.engagementAllowed) return;
    if (!random.chance(0.3)) return;
    if (!occurs(context, context.at + random.logNormal(days(90), 1.4))) return;
    const at = new Date(context.at);
    const row = context.rows.add('formulations', {
      ...latest.row,
      id: random.uuid(),
      version_number: latest.row.version_number + 1,
      previous_id: latest.row.id!,
      status: 'draft',
      author_id: kase.lead,
      review_reason: null,
      submitted_by: null,
      submitted_at: null,
      signed_off_by: null,
      signed_off_at: null,
      returned_by: null,
      returned_at: null,
      return_reason: null,
      created_at: at,
      updated_at: at,
      version: 1,
    });
    const version: Version = {
      row,
      ratings: latest.ratings.map((r) => ({ ...r })),
      scenarios: latest.scenarios.map((s) => ({ ...s })),
    };
    // What changed: a few ratings of factors the reporting fields do not settle.
    const changed = new Set<string>();
    for (let i = 0; i < random.int(1, 3); i += 1) {
      const index = random.int(0, version.ratings.length - 1);
      const r = version.ratings[index]!;
      if (seen(context.profile.formulation, r.factor_code) !== undefined) continue;
      const presence = random.weighted({ absent: 30, partial: 35, present: 35 }) as Presence;
      version.ratings[index] = rating(random, r.domain_code, r.factor_code, presence);
      changed.add(r.domain_code);
    }
    writeParts(context, version);
    audit(
      context,
      { userId: kase.lead, role: 'clinician' },
      {
        action: 'collection',
        ...entryOf(context, version),
        detail: {
          caseId: kase.id,
          versionNumber: row.version_number,
          reviews: latest.row.id!,
        },
      },
    );
    for (const domain of changed) if (!save(context, version, 'domain', domain)) return;
    if (!save(context, version, 'review_reason')) return;
    row.review_reason = formulationText.reviewReason(random);
    if (submitAndSignOff(context, version)) signedOff.set(kase, version);
  },
};
