import {
  CONSENT_METHOD_LABELS,
  CONSENT_STATUS_LABELS,
  type ConsentMethod,
  type ConsentStatus,
} from '../../../domain/consent.ts';
import { formatDate } from '../../../web/case-format.ts';
import type { ReleasableItem, ReleasableSource } from './source.ts';

interface ConsentRow {
  id: string;
  status: ConsentStatus;
  method: ConsentMethod | null;
  decided_at: Date | null;
  recorded_at: Date;
}

/** A consent record as released (the generator uses it too). */
export function consentItem(row: ConsentRow): ReleasableItem {
  const how = row.method ? ` (${CONSENT_METHOD_LABELS[row.method].toLowerCase()})` : '';
  const when = row.decided_at ?? row.recorded_at;
  return {
    source: 'consent_status',
    sourceTable: 'consents',
    recordId: row.id,
    recordVersion: 1,
    label: `Consent to engage, recorded ${formatDate(row.recorded_at)}`,
    text: `Consent to engage with the service: ${CONSENT_STATUS_LABELS[row.status]}${how}, as of ${formatDate(when)}`,
  };
}

/** The consent status now in force (the last one recorded); each record is a new row. */
export const consentStatus: ReleasableSource = {
  id: 'consent_status',
  direction: 'health_to_police',
  title: 'Consent',
  async items(db, caseId) {
    const row = await db
      .selectFrom('consents')
      .select(['id', 'status', 'method', 'decided_at', 'recorded_at'])
      .where('case_id', '=', caseId)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row ? [consentItem(row)] : [];
  },
};
