import { stringify } from 'csv-stringify/sync';
import { ROLE_LABELS, isRole } from '../../domain/roles.ts';
import type { AuditLogRow } from './search.ts';

/**
 * A spreadsheet would run a cell that starts with = + - @ (or a tab or carriage return, which
 * some strip first) as a formula: such cells get a leading single quote (OWASP CSV injection).
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The audit rows as CSV, one line per event, times in UTC ISO 8601. */
export function auditCsv(rows: AuditLogRow[]): string {
  const header = [
    'occurred_at_utc',
    'event_id',
    'user_id',
    'user_name',
    'role',
    'hub',
    'action',
    'record_type',
    'record_id',
    'person_id',
    'reason',
    'outcome',
    'request_id',
    'detail',
    'api_client_id',
    'api_client_name',
  ];
  const lines = rows.map((row) =>
    [
      row.occurredAt.toISOString(),
      row.id,
      row.actorUserId ?? '',
      row.actorName ?? '',
      isRole(row.actorRole) ? ROLE_LABELS[row.actorRole] : (row.actorRole ?? ''),
      row.hubCode ?? '',
      row.action,
      row.subjectType,
      row.subjectId ?? '',
      row.personId ?? '',
      row.reason ?? '',
      row.outcome,
      row.requestId ?? '',
      JSON.stringify(row.detail),
      row.actorClientId ?? '',
      row.clientName ?? '',
    ].map(neutraliseCell),
  );
  return stringify([header, ...lines]);
}

/** The download's file name: what it is and when it was made. */
export function auditCsvFilename(now: Date): string {
  return `cicero-audit-log-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`;
}
