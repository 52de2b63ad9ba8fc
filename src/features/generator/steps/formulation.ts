import { FORMULATION_SECTIONS } from '../../../domain/reference/assessment.ts';
import { audit, days, occurs, type CaseGenerator } from '../story.ts';
import { text } from '../vocabulary.ts';

/**
 * The template the formulations are recorded against. config/instruments does not exist yet,
 * so no factor ratings are generated: only the 5 Ps and the reporting fields.
 */
export const FORMULATION_TEMPLATE = { id: 'vss-structured-formulation', version: '1.0' } as const;

/**
 * A structured formulation by the lead clinician, submitted, then signed off by a hub lead
 * (never its author). Only where consent allows engagement. A story that stops early leaves a
 * draft or a submitted version, as a case in progress has.
 */
export const formulation: CaseGenerator = {
  name: 'formulation',
  generate(context) {
    const { random, kase, profile, staff } = context;
    if (kase.status !== 'open' || !kase.lead || !kase.engagementAllowed) return;
    if (!random.chance(0.85)) return;
    if (!occurs(context, context.at + random.logNormal(days(18), 1.7))) return;
    const author = kase.lead;
    const id = random.uuid();
    const createdAt = new Date(context.at);
    const fields = profile.formulation;
    const row = context.rows.add('formulations', {
      id,
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
    const actor = { userId: author, role: 'clinician' };
    const entry = { subjectType: 'formulation', subjectId: id, personId: kase.personId };
    audit(context, actor, { action: 'collection', ...entry, detail: { caseId: kase.id } });

    if (!occurs(context, context.at + random.logNormal(days(5), 1.8))) return;
    Object.assign(row, {
      status: 'submitted',
      submitted_by: author,
      submitted_at: new Date(context.at),
      updated_at: new Date(context.at),
      version: 2,
    });
    audit(context, actor, { action: 'alteration', ...entry, detail: { event: 'submitted' } });

    if (!occurs(context, context.at + random.logNormal(days(3), 1.8))) return;
    const lead = random.pick(staff.hubLeads.filter((l) => l !== author));
    Object.assign(row, {
      status: 'signed_off',
      signed_off_by: lead,
      signed_off_at: new Date(context.at),
      updated_at: new Date(context.at),
      version: 3,
    });
    audit(
      context,
      { userId: lead, role: 'hub_lead' },
      { action: 'alteration', ...entry, detail: { event: 'signed_off' } },
    );
  },
};
