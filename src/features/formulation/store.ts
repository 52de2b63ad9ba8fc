import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type {
  FactorRating,
  FormulationContent,
  FormulationStatus,
  ReportingFields,
  Scenario,
} from '../../domain/formulation.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** One version of a case's formulation, with who did what to it and when. */
export interface FormulationVersion {
  id: string;
  caseId: string;
  versionNumber: number;
  previousId: string | null;
  templateId: string;
  templateVersion: string;
  status: FormulationStatus;
  authorId: string;
  authorName: string;
  reviewReason: string | null;
  submittedAt: Date | null;
  submittedByName: string | null;
  signedOffAt: Date | null;
  signedOffByName: string | null;
  returnedAt: Date | null;
  returnedByName: string | null;
  returnReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency: the form carries it. */
  version: number;
}

function versionsQuery(db: Executor) {
  return db
    .selectFrom('formulations as f')
    .innerJoin('users as author', 'author.id', 'f.author_id')
    .leftJoin('users as submitter', 'submitter.id', 'f.submitted_by')
    .leftJoin('users as signer', 'signer.id', 'f.signed_off_by')
    .leftJoin('users as returner', 'returner.id', 'f.returned_by')
    .select([
      'f.id',
      'f.case_id',
      'f.version_number',
      'f.previous_id',
      'f.template_id',
      'f.template_version',
      'f.status',
      'f.author_id',
      'author.name as author_name',
      'f.review_reason',
      'f.submitted_at',
      'submitter.name as submitted_by_name',
      'f.signed_off_at',
      'signer.name as signed_off_by_name',
      'f.returned_at',
      'returner.name as returned_by_name',
      'f.return_reason',
      'f.created_at',
      'f.updated_at',
      'f.version',
    ]);
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof versionsQuery>['executeTakeFirstOrThrow']>>;

const toVersion = (r: VersionRow): FormulationVersion => ({
  id: r.id,
  caseId: r.case_id,
  versionNumber: r.version_number,
  previousId: r.previous_id,
  templateId: r.template_id,
  templateVersion: r.template_version,
  status: r.status,
  authorId: r.author_id,
  authorName: r.author_name,
  reviewReason: r.review_reason,
  submittedAt: r.submitted_at,
  submittedByName: r.submitted_by_name,
  signedOffAt: r.signed_off_at,
  signedOffByName: r.signed_off_by_name,
  returnedAt: r.returned_at,
  returnedByName: r.returned_by_name,
  returnReason: r.return_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

/** Every version of the case's formulation, oldest first. */
export async function versionsOf(db: Executor, caseId: string): Promise<FormulationVersion[]> {
  const rows = await versionsQuery(db)
    .where('f.case_id', '=', caseId)
    .orderBy('f.version_number')
    .execute();
  return rows.map(toVersion);
}

/** The version in progress (draft or submitted), locked for the change about to be made. */
export async function inProgressForUpdate(
  trx: Transaction<DB>,
  caseId: string,
): Promise<FormulationVersion | null> {
  const row = await versionsQuery(trx)
    .where('f.case_id', '=', caseId)
    .where('f.status', '<>', 'signed_off')
    .forUpdate('f')
    .executeTakeFirst();
  return row ? toVersion(row) : null;
}

/** What the version says: ratings, the 5 Ps, the summary fields and the scenarios. */
export async function contentOf(db: Executor, formulationId: string): Promise<FormulationContent> {
  const row = await db
    .selectFrom('formulations')
    .select([
      'presenting',
      'predisposing',
      'precipitating',
      'perpetuating',
      'protective',
      'primary_vulnerability',
      'presentations',
      'presentation_other',
      'mainstream_relation',
      'additional_needs',
      'convictions',
      'supervision_failures',
    ])
    .where('id', '=', formulationId)
    .executeTakeFirstOrThrow();
  const factors = await db
    .selectFrom('formulation_factors')
    .select(['domain_code', 'factor_code', 'presence', 'relevance', 'evidence'])
    .where('formulation_id', '=', formulationId)
    .orderBy('factor_code')
    .execute();
  const scenarios = await db
    .selectFrom('formulation_scenarios')
    .select(['description', 'triggers', 'warning_signs'])
    .where('formulation_id', '=', formulationId)
    .orderBy('position')
    .execute();
  return {
    factors: factors.map((f): FactorRating => ({
      domainCode: f.domain_code,
      factorCode: f.factor_code,
      presence: f.presence,
      relevance: f.relevance,
      evidence: f.evidence,
    })),
    fivePs: {
      presenting: row.presenting,
      predisposing: row.predisposing,
      precipitating: row.precipitating,
      perpetuating: row.perpetuating,
      protective: row.protective,
    },
    reporting: reportingOf(row),
    scenarios: scenarios.map((s): Scenario => ({
      description: s.description,
      triggers: s.triggers,
      warningSigns: s.warning_signs,
    })),
  };
}

export function reportingOf(row: {
  primary_vulnerability: string | null;
  presentations: string[];
  presentation_other: string | null;
  mainstream_relation: string | null;
  additional_needs: string[];
  convictions: boolean | null;
  supervision_failures: boolean | null;
}): ReportingFields {
  return {
    primaryVulnerability: row.primary_vulnerability,
    presentations: [...row.presentations],
    presentationOther: row.presentation_other,
    mainstreamRelation: row.mainstream_relation,
    additionalNeeds: [...row.additional_needs],
    convictions: row.convictions,
    supervisionFailures: row.supervision_failures,
  };
}

/** The columns of formulations that hold the summary fields. */
export function reportingColumns(r: ReportingFields) {
  return {
    primary_vulnerability: r.primaryVulnerability,
    presentations: JSON.stringify(r.presentations),
    presentation_other: r.presentationOther,
    mainstream_relation: r.mainstreamRelation,
    additional_needs: JSON.stringify(r.additionalNeeds),
    convictions: r.convictions,
    supervision_failures: r.supervisionFailures,
  };
}

/** The columns of formulations that hold the 5 Ps and the summary fields. */
export const contentColumns = (content: Pick<FormulationContent, 'fivePs' | 'reporting'>) => ({
  ...content.fivePs,
  ...reportingColumns(content.reporting),
});

/** Replaces the ratings of some factors (those of one domain) with the given ones. */
export async function replaceRatings(
  trx: Transaction<DB>,
  formulationId: string,
  factorCodes: readonly string[],
  ratings: readonly FactorRating[],
): Promise<void> {
  if (factorCodes.length) {
    await trx
      .deleteFrom('formulation_factors')
      .where('formulation_id', '=', formulationId)
      .where('factor_code', 'in', [...factorCodes])
      .execute();
  }
  if (ratings.length) {
    await trx
      .insertInto('formulation_factors')
      .values(
        ratings.map((r) => ({
          formulation_id: formulationId,
          domain_code: r.domainCode,
          factor_code: r.factorCode,
          presence: r.presence,
          relevance: r.relevance,
          evidence: r.evidence,
        })),
      )
      .execute();
  }
}

export async function replaceScenarios(
  trx: Transaction<DB>,
  formulationId: string,
  scenarios: readonly Scenario[],
): Promise<void> {
  await trx
    .deleteFrom('formulation_scenarios')
    .where('formulation_id', '=', formulationId)
    .execute();
  if (scenarios.length) {
    await trx
      .insertInto('formulation_scenarios')
      .values(
        scenarios.map((s, i) => ({
          formulation_id: formulationId,
          position: i + 1,
          description: s.description,
          triggers: s.triggers,
          warning_signs: s.warningSigns,
        })),
      )
      .execute();
  }
}
