import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { FormulationStatus, ReportingFields } from '../../domain/formulation.ts';
import type { TimelineSource } from '../cases/timeline.ts';
import { reportingOf } from './store.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** The reporting fields of the case's last signed-off formulation, with where they came from. */
export interface SignedOffReporting extends ReportingFields {
  formulationId: string;
  versionNumber: number;
  templateId: string;
  signedOffAt: Date;
}

/**
 * What disclosures and statistics read of a formulation: the summary fields of the latest
 * signed-off version only (a draft or a submitted version is not yet a judgement anyone has
 * agreed). Null when none is signed off. The caller audits its own read; health compartment.
 */
export async function latestSignedOffFormulation(
  db: Executor,
  caseId: string,
): Promise<SignedOffReporting | null> {
  const row = await db
    .selectFrom('formulations')
    .select([
      'id',
      'version_number',
      'template_id',
      'signed_off_at',
      'primary_vulnerability',
      'presentations',
      'presentation_other',
      'mainstream_relation',
      'additional_needs',
      'convictions',
      'supervision_failures',
    ])
    .where('case_id', '=', caseId)
    .where('status', '=', 'signed_off')
    .orderBy('version_number', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...reportingOf(row),
    formulationId: row.id,
    versionNumber: row.version_number,
    templateId: row.template_id,
    signedOffAt: row.signed_off_at!,
  };
}

/** Where the case's formulation stands, for the case page: no content, only its state. */
export interface FormulationState {
  latest: { versionNumber: number; status: FormulationStatus; updatedAt: Date };
  signedOff: { versionNumber: number; signedOffAt: Date } | null;
}

export async function formulationStateOf(
  db: Executor,
  caseId: string,
): Promise<FormulationState | null> {
  const rows = await db
    .selectFrom('formulations')
    .select(['version_number', 'status', 'updated_at', 'signed_off_at'])
    .where('case_id', '=', caseId)
    .orderBy('version_number', 'desc')
    .execute();
  const latest = rows[0];
  if (!latest) return null;
  const signed = rows.find((r) => r.status === 'signed_off');
  return {
    latest: {
      versionNumber: latest.version_number,
      status: latest.status,
      updatedAt: latest.updated_at,
    },
    signedOff: signed
      ? { versionNumber: signed.version_number, signedOffAt: signed.signed_off_at! }
      : null,
  };
}

/** Formulation events on the case timeline (health compartment): dates and who, no content. */
export const formulationTimeline: TimelineSource = {
  compartment: 'health',
  async events(db, caseId) {
    const rows = await db
      .selectFrom('formulations as f')
      .innerJoin('users as author', 'author.id', 'f.author_id')
      .leftJoin('users as submitter', 'submitter.id', 'f.submitted_by')
      .leftJoin('users as signer', 'signer.id', 'f.signed_off_by')
      .leftJoin('users as returner', 'returner.id', 'f.returned_by')
      .select([
        'f.version_number',
        'f.previous_id',
        'f.created_at',
        'f.submitted_at',
        'f.signed_off_at',
        'f.returned_at',
        'author.name as author',
        'submitter.name as submitter',
        'signer.name as signer',
        'returner.name as returner',
      ])
      .where('f.case_id', '=', caseId)
      .execute();
    return rows.flatMap((r) => {
      const v = `version ${r.version_number}`;
      return [
        {
          at: r.created_at,
          title: r.previous_id ? `Formulation review started (${v})` : 'Formulation started',
          by: r.author,
          description: null,
        },
        ...(r.returned_at
          ? [
              {
                at: r.returned_at,
                title: `Formulation ${v} returned to draft`,
                by: r.returner,
                description: null,
              },
            ]
          : []),
        ...(r.submitted_at
          ? [
              {
                at: r.submitted_at,
                title: `Formulation ${v} submitted for sign-off`,
                by: r.submitter,
                description: null,
              },
            ]
          : []),
        ...(r.signed_off_at
          ? [
              {
                at: r.signed_off_at,
                title: `Formulation ${v} signed off`,
                by: r.signer,
                description: null,
              },
            ]
          : []),
      ];
    });
  },
};
