import { isUuid } from '../../web/ids.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { FilterValues } from './filters.ts';
import { hubText, recordText, roleText } from './labels.ts';
import { AUDIT_ACTIONS } from './record.ts';
import { NO_NAMES, type RecordNames } from './record-names.ts';
import { AUDIT_PAGE_SIZE, type AuditLogRow } from './search.ts';

export const ACTION_LABELS: Record<(typeof AUDIT_ACTIONS)[number], string> = {
  collection: 'Collection',
  alteration: 'Alteration',
  consultation: 'Consultation (read)',
  disclosure: 'Disclosure',
  combination: 'Combination',
  erasure: 'Erasure',
  'sign-in': 'Sign-in',
  denial: 'Access refused',
  admin: 'Administration',
};

const when = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** UK time, as people read it: "1 June 2026, 10:00:00". */
export function formatWhen(instant: Date): string {
  return when.format(instant);
}

const label = (map: Record<string, string>, key: string | null) =>
  key === null ? '' : (map[key] ?? key);

export function recordHref(subjectType: string, subjectId: string): string {
  return `/audit/records/${encodeURIComponent(subjectType)}/${encodeURIComponent(subjectId)}`;
}

/** The query string of a search, without the page: for pagination and the export link. */
export function searchQuery(values: FilterValues): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (key !== 'page' && value.trim() !== '') params.set(key, value.trim());
  }
  return params.toString();
}

export interface AuditEventLine {
  when: string;
  user: string;
  role: string;
  hub: string;
  action: string;
  record: { text: string; href: string | null };
  outcome: string;
  reason: string;
}

/** Who acted: the user, and through the API the client too ("Sam Officer via PCMT (API client)"). */
function actorText(row: AuditLogRow): string {
  const user = row.actorName ?? (row.actorUserId ? 'Unknown user' : 'System');
  if (!row.actorClientId) return user;
  const client = `${row.clientName ?? row.actorClientId} (API client)`;
  return row.actorUserId === row.actorClientId ? client : `${user} via ${client}`;
}

/** The rows as the tables show them: every cell in words, none blank, no ids. */
export function eventLines(
  rows: AuditLogRow[],
  names: RecordNames,
  linkRecords: boolean,
): AuditEventLine[] {
  return rows.map((row) => ({
    when: formatWhen(row.occurredAt),
    user: actorText(row),
    role: roleText(row.actorRole),
    hub: hubText(row.hubName ?? row.hubCode, row.actorRole),
    action: label(ACTION_LABELS, row.action),
    record: {
      text: recordText(row, names),
      href:
        linkRecords && row.subjectId && /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/.test(row.subjectId)
          ? recordHref(row.subjectType, row.subjectId)
          : null,
    },
    outcome: row.outcome === 'success' ? 'Done' : row.outcome === 'denied' ? 'Refused' : 'Failed',
    reason: row.reason ?? '',
  }));
}

/** GOV.UK pagination: previous/next and page numbers with ellipses around the current page. */
export function pagination(page: number, total: number, href: (page: number) => string) {
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  if (pages <= 1) return null;
  const shown = new Set([1, pages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pages));
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  let last = 0;
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p > last + 1) items.push({ ellipsis: true });
    items.push({ number: p, href: href(p), current: p === page });
    last = p;
  }
  return {
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
    items,
  };
}

function resultText(page: number, shown: number, total: number): string {
  if (total === 0) return 'No events match.';
  const first = (page - 1) * AUDIT_PAGE_SIZE + 1;
  if (shown === 0) return `There are ${total} matching events, fewer than this page starts at.`;
  return `Showing ${first} to ${first + shown - 1} of ${total} events, newest first.`;
}

export interface SearchPageInput {
  values: FilterValues;
  errors?: FormErrors;
  result?: { rows: AuditLogRow[]; total: number; names?: RecordNames };
  page?: number;
  /** The filters for the pagination and export links, when they differ from the form's. */
  linkValues?: FilterValues;
}

/** The audit log search page: the filter form (as sent), errors, and one page of results. */
export function presentAuditSearch(input: SearchPageInput) {
  const { values, errors, result } = input;
  const page = input.page ?? 1;
  const query = searchQuery(input.linkValues ?? values);
  const href = (p: number) => `/audit?${query ? `${query}&` : ''}page=${p}`;
  const fieldError = (field: string) => errors?.byField[field];
  const dateItems = (name: 'from' | 'to') =>
    (['day', 'month', 'year'] as const).map((part) => ({
      name: part,
      value: values[`${name}-${part}`] ?? '',
      classes: `${part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${fieldError(`${name}-day`) ? ' govuk-input--error' : ''}`,
    }));
  return {
    title: 'Audit log',
    errorSummary: errors?.summary ?? [],
    fields: {
      user: { value: values.user ?? '', error: fieldError('user') },
      subjectType: { value: values.subjectType ?? '', error: fieldError('subjectType') },
      subjectId: { value: values.subjectId ?? '', error: fieldError('subjectId') },
      action: {
        error: fieldError('action'),
        items: [
          { value: '', text: 'Any action', selected: !values.action },
          ...AUDIT_ACTIONS.map((action) => ({
            value: action,
            text: ACTION_LABELS[action],
            selected: values.action === action,
          })),
        ],
      },
      from: { items: dateItems('from'), error: fieldError('from-day') },
      to: { items: dateItems('to'), error: fieldError('to-day') },
    },
    results: result
      ? {
          text: resultText(page, result.rows.length, result.total),
          events: eventLines(result.rows, result.names ?? NO_NAMES, true),
          pagination: pagination(page, result.total, href),
          exportHref: `/audit/export.csv${query ? `?${query}` : ''}`,
        }
      : null,
  };
}

/** The access log of one record: every event about it, newest first. */
export function presentRecordLog(input: {
  subjectType: string;
  subjectId: string;
  result: { rows: AuditLogRow[]; total: number; names?: RecordNames };
  page: number;
}) {
  const { subjectType, subjectId, result, page } = input;
  const names = result.names ?? NO_NAMES;
  const base = recordHref(subjectType, subjectId);
  const record = recordText({ subjectType, subjectId, detail: {} }, names);
  // A record of a case: its case's whole access log is one link away.
  const kase = subjectType === 'case' ? undefined : names.cases.get(subjectId.toLowerCase());
  return {
    title: `Access log: ${record}`,
    record,
    caseLog: kase
      ? { href: recordHref('case', kase.caseId), text: `Access log of case ${kase.reference}` }
      : null,
    text: resultText(page, result.rows.length, result.total),
    events: eventLines(result.rows, names, false),
    pagination: pagination(page, result.total, (p) => `${base}?page=${p}`),
    exportHref: `/audit/export.csv?${new URLSearchParams({ subjectType, subjectId }).toString()}`,
    // A case's access log is also a FHIR bundle of AuditEvents (src/features/fhir/routes.ts).
    fhirHref:
      subjectType === 'case' && isUuid(subjectId)
        ? `/audit/cases/${encodeURIComponent(subjectId)}/fhir`
        : null,
    searchHref: '/audit',
  };
}
