import {
  ADDITIONAL_NEEDS,
  MAINSTREAM_SERVICE_RELATIONS,
  PRESENTATIONS,
  PRIMARY_VULNERABILITIES,
} from '../../../domain/reference/assessment.ts';
import { formatDate } from '../../../web/case-format.ts';
import type { Executor, ReleasableItem, ReleasableSource } from './source.ts';

const label = (list: readonly { code: string; label: string }[], code: string | null) =>
  code ? (list.find((i) => i.code === code)?.label ?? code) : 'Not recorded';

const yesNo = (value: boolean | null) => (value === null ? 'Not known' : value ? 'Yes' : 'No');

/** What the formulation items are made from: a signed-off version. */
export interface SignedOffFormulation {
  id: string;
  version_number: number;
  signed_off_at: Date;
  presenting: string | null;
  predisposing: string | null;
  precipitating: string | null;
  perpetuating: string | null;
  protective: string | null;
  primary_vulnerability: string | null;
  presentations: string[];
  presentation_other: string | null;
  mainstream_relation: string | null;
  additional_needs: string[];
  convictions: boolean | null;
  supervision_failures: boolean | null;
}

/** Signed-off versions only: a draft or a submitted formulation is not a judgement yet. */
async function signedOff(db: Executor, caseId: string): Promise<SignedOffFormulation[]> {
  const rows = await db
    .selectFrom('formulations')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('status', '=', 'signed_off')
    .orderBy('version_number')
    .execute();
  return rows.map((f) => ({ ...f, signed_off_at: f.signed_off_at! }));
}

const versionLabel = (f: SignedOffFormulation) =>
  `Formulation version ${f.version_number} (signed off ${formatDate(f.signed_off_at)})`;

/** The reporting fields of a signed-off version, as released (the generator uses it too). */
export function formulationReportingItem(f: SignedOffFormulation): ReleasableItem {
  const presentations = f.presentations.map((c) => label(PRESENTATIONS, c));
  if (f.presentation_other) presentations.push(`Other: ${f.presentation_other}`);
  const needs = f.additional_needs.map((c) => label(ADDITIONAL_NEEDS, c));
  return {
    source: 'formulation_reporting',
    sourceTable: 'formulations',
    recordId: f.id,
    recordVersion: f.version_number,
    label: `${versionLabel(f)}: summary fields`,
    text: [
      `Primary vulnerability: ${label(PRIMARY_VULNERABILITIES, f.primary_vulnerability)}`,
      `Presentations: ${presentations.join(', ') || 'None recorded'}`,
      `Relation to mainstream services: ${label(MAINSTREAM_SERVICE_RELATIONS, f.mainstream_relation)}`,
      `Additional needs: ${needs.join(', ') || 'None recorded'}`,
      `Previous convictions: ${yesNo(f.convictions)}`,
      `Past failures under supervision: ${yesNo(f.supervision_failures)}`,
    ].join('\n'),
  };
}

/** The 5 Ps of a signed-off version, as one item. */
export function formulationFivePsItem(f: SignedOffFormulation): ReleasableItem {
  return {
    source: 'formulation_5ps',
    sourceTable: 'formulations',
    recordId: f.id,
    recordVersion: f.version_number,
    label: `${versionLabel(f)}: the 5 Ps`,
    text: [
      `Presenting: ${f.presenting ?? 'Not recorded'}`,
      `Predisposing: ${f.predisposing ?? 'Not recorded'}`,
      `Precipitating: ${f.precipitating ?? 'Not recorded'}`,
      `Perpetuating: ${f.perpetuating ?? 'Not recorded'}`,
      `Protective: ${f.protective ?? 'Not recorded'}`,
    ].join('\n'),
  };
}

/** The reporting fields of each signed-off formulation version. */
export const formulationReporting: ReleasableSource = {
  id: 'formulation_reporting',
  direction: 'health_to_police',
  title: 'Formulation: summary fields',
  async items(db, caseId) {
    return (await signedOff(db, caseId)).map(formulationReportingItem);
  },
};

/** The 5 Ps of each signed-off formulation version, as one item. */
export const formulationFivePs: ReleasableSource = {
  id: 'formulation_5ps',
  direction: 'health_to_police',
  title: 'Formulation: the 5 Ps',
  async items(db, caseId) {
    return (await signedOff(db, caseId)).map(formulationFivePsItem);
  },
};
