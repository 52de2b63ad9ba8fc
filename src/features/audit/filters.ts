import { z } from 'zod';
import { formErrors, type FormErrors } from '../../web/forms.ts';
import { formatCaseReference, parseCaseReference } from '../../domain/case-reference.ts';
import { AUDIT_ACTIONS, type AuditAction } from './record.ts';

/** What an IG officer searches the audit log by. Dates are UK calendar days, inclusive. */
export interface AuditFilters {
  /** A user's id, or an email address to find the user by. */
  user?: { id: string } | { email: string };
  subjectType?: string;
  subjectId?: string;
  action?: AuditAction;
  from?: string;
  to?: string;
}

export type FilterValues = Record<string, string>;

export type ParsedFilters =
  | { ok: true; filters: AuditFilters; page: number; values: FilterValues }
  | { ok: false; errors: FormErrors; values: FilterValues };

const FIELDS = [
  'user',
  'subjectType',
  'subjectId',
  'action',
  'from-day',
  'from-month',
  'from-year',
  'to-day',
  'to-month',
  'to-year',
  'page',
] as const;

// No control characters (a NUL cannot be stored or searched for: a 400, never a 500).
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'Remove the control characters');

const schema = z.object({
  user: text(254),
  subjectType: text(40).regex(
    /^([a-z][a-z_]*)?$/,
    'Record type must be lower-case letters and underscores, like case',
  ),
  subjectId: text(100),
  action: z.enum(['', ...AUDIT_ACTIONS], { error: 'Select a kind of action from the list' }),
  page: z.string().regex(/^\d{0,5}$/, 'Page must be a number'),
});

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A GOV.UK date input: all three parts or none; a real date. */
export function dateOf(
  values: FilterValues,
  name: 'from' | 'to',
  label: string,
): { date?: string; error?: string } {
  const [day, month, year] = (['day', 'month', 'year'] as const).map((part) =>
    (values[`${name}-${part}`] ?? '').trim(),
  ) as [string, string, string];
  if (!day && !month && !year) return {};
  if (!day || !month || !year) return { error: `${label} must include a day, month and year` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: `${label} must be a real date` };
  }
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    return { error: `${label} must be a real date` };
  }
  return { date };
}

/** Reads the search form from a query string. Unknown parameters are ignored. */
export function parseFilters(query: unknown): ParsedFilters {
  const raw = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const values: FilterValues = {};
  for (const field of FIELDS) {
    const value = raw[field];
    // A repeated parameter arrives as an array: take the first, as a browser's form would send one.
    const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
    values[field] = typeof first === 'string' ? first : '';
  }
  const pairs: [string, string][] = [];
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      pairs.push([field, issue.code === 'too_big' ? 'The search text is too long' : issue.message]);
    }
  }
  const user = values.user!.trim();
  if (user && !uuid.test(user) && !email.test(user)) {
    pairs.push(['user', 'Enter an email address or a user ID']);
  }
  // A case reference (WM-2026-0042) names a case by itself: the search finds the case's id.
  const reference = parseCaseReference(values.subjectId!);
  if (reference && !values.subjectType!.trim()) values.subjectType = 'case';
  if (values.subjectId!.trim() && !values.subjectType!.trim()) {
    pairs.push(['subjectType', 'Enter the record type as well as the record ID']);
  }
  const from = dateOf(values, 'from', 'The date from');
  const to = dateOf(values, 'to', 'The date to');
  if (from.error) pairs.push(['from-day', from.error]);
  if (to.error) pairs.push(['to-day', to.error]);
  if (from.date && to.date && from.date > to.date) {
    pairs.push(['to-day', 'The date to must be the same as or after the date from']);
  }
  if (pairs.length > 0 || !parsed.success) return { ok: false, errors: formErrors(pairs), values };

  const filters: AuditFilters = {};
  if (user) filters.user = uuid.test(user) ? { id: user.toLowerCase() } : { email: user };
  if (parsed.data.subjectType) filters.subjectType = parsed.data.subjectType;
  if (parsed.data.subjectId) filters.subjectId = parsed.data.subjectId;
  if (reference && !filters.subjectType) filters.subjectType = 'case';
  if (reference && filters.subjectType === 'case') {
    filters.subjectId = formatCaseReference(reference);
  }
  if (parsed.data.action) filters.action = parsed.data.action;
  if (from.date) filters.from = from.date;
  if (to.date) filters.to = to.date;
  return { ok: true, filters, page: Math.max(1, Number(parsed.data.page || '1')), values };
}
