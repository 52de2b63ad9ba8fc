import type { TestApp } from './app.ts';
import { freshCode, type SignedIn } from './auth.ts';
import { postForm } from './journey.ts';

/**
 * Downloads an identifiable export as its user does (src/features/audit/export-reason.ts): the
 * export's address with its filters, sent by POST with a reason and a fresh security code.
 */
export function downloadExport(
  t: TestApp,
  who: SignedIn,
  url: string,
  reason = 'Synthetic check of the export',
) {
  const [path, query] = url.split('?') as [string, string | undefined];
  const fields = Object.fromEntries(new URLSearchParams(query ?? ''));
  return postForm(t, who, path, {
    ...fields,
    exportReason: reason,
    stepUpCode: freshCode(t, who),
  });
}
