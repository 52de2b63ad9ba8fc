import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formErrors, type FormErrors } from '../../web/forms.ts';
import { requiredText } from '../../web/form-fields.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';

/**
 * Downloads of identifiable data (the audit CSV, the disclosure register CSV, case summary
 * PDFs, subject access bundles) ask first why the file is needed, then for a fresh security code (the step-up of
 * auth/step-up.ts), and only then send the file. The reason goes into the audit row of the
 * download, and the IG officer reviews these downloads (reviews.ts).
 *
 * The download stays a form sent by POST: the GET of an export's address shows the reason
 * page, whose form carries the same filters (ids, codes and dates only) back to that address.
 */
export const EXPORT_REASON_FIELD = 'exportReason';
export const EXPORT_REASON_MAX = 500;

/** Which identifiable export an audit row records (its `identifiableExport` detail). */
export const IDENTIFIABLE_EXPORTS = {
  audit_csv: 'Audit log (CSV)',
  register_csv: 'Disclosure register (CSV)',
  case_summary_pdf: 'Case summary (PDF)',
  subject_access_bundle: 'Subject access bundle (PDF)',
} as const;
export type IdentifiableExport = keyof typeof IDENTIFIABLE_EXPORTS;

const VIEW = 'features/audit/views/export-reason.njk';

const reasonSchema = requiredText(
  'Enter why you need this download',
  EXPORT_REASON_MAX,
  `The reason must be ${EXPORT_REASON_MAX} characters or fewer`,
);

/** The body of an export's POST: its filters, passed through, and the reason. */
export const exportBody = z.looseObject({ _csrf: z.string().optional() });

export interface ExportPage {
  /** What is downloaded, e.g. "Download the audit log". */
  title: string;
  /** One sentence on what the file holds. */
  description: string;
  /** Where the form goes (the export's own path, no query). */
  action: string;
  /** Where "Back" leads (a path of ids only). */
  backHref: string;
}

const SKIPPED = new Set(['_csrf', EXPORT_REASON_FIELD, 'stepUpCode', 'stepUpPasskey']);

/** The filters of the download (query or form fields), carried through as hidden fields. */
export function carriedFilters(input: unknown): { name: string; value: string }[] {
  const fields = typeof input === 'object' && input !== null ? input : {};
  return Object.entries(fields as Record<string, unknown>)
    .filter(([name]) => !SKIPPED.has(name))
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value])
        .filter((v): v is string => typeof v === 'string')
        .map((v) => ({ name, value: v })),
    );
}

/** The page asking the reason; with errors, a 400 with the GOV.UK error summary. */
export function showExportReason(
  reply: FastifyReply,
  page: ExportPage,
  input: { filters: unknown; reason?: string; errors?: FormErrors },
) {
  return reply.page(
    VIEW,
    {
      ...page,
      carried: carriedFilters(input.filters),
      reasonField: EXPORT_REASON_FIELD,
      reason: input.reason ?? '',
      errorSummary: input.errors?.summary ?? [],
      errors: input.errors?.byField ?? {},
    },
    input.errors ? 400 : 200,
  );
}

/**
 * For an export's POST: the reason given, once the user has also confirmed a fresh code; or
 * null when it answered for the caller (the reason page again with the error, or the code page,
 * whose form sends the code with the same reason and filters back here).
 */
export async function exportReasonGiven(
  ctx: { request: FastifyRequest; reply: FastifyReply; body: unknown },
  requireFreshCode: RequireFreshCode,
  page: ExportPage,
): Promise<string | null> {
  const fields = (ctx.body ?? {}) as Record<string, unknown>;
  const parsed = reasonSchema.safeParse(fields[EXPORT_REASON_FIELD] ?? '');
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Enter why you need this download';
    await showExportReason(ctx.reply, page, {
      filters: fields,
      reason: typeof fields[EXPORT_REASON_FIELD] === 'string' ? fields[EXPORT_REASON_FIELD] : '',
      errors: formErrors([[EXPORT_REASON_FIELD, message]]),
    });
    return null;
  }
  if (!(await requireFreshCode(ctx.request, ctx.reply, page.backHref))) return null;
  return parsed.data;
}
