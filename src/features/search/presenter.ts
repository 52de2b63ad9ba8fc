import { STATE_LABELS } from '../../domain/case-state.ts';
import { formatDate } from '../../web/format.ts';
import { formErrors } from '../../web/forms.ts';
import { SEARCH_PAGE_SIZE, type SearchResult } from './service.ts';

/** The search page: the form alone, with an error, or with one page of results. */
export function searchPage(input: { q: string; error?: string; result?: SearchResult }) {
  const { q, error, result } = input;
  const errors = error ? formErrors([['q', error]]) : null;
  const total = result?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
  const page = result?.page ?? 1;
  const showsPeople = result?.hits.some((h) => h.personName !== null) ?? false;
  return {
    title: result ? 'Search results' : 'Search',
    q,
    errorSummary: errors?.summary ?? [],
    errors: errors?.byField ?? {},
    searched: Boolean(result),
    total,
    countText: `${total} ${total === 1 ? 'case' : 'cases'} found`,
    showsPeople,
    rows: (result?.hits ?? []).map((h) => ({
      reference: h.reference,
      href: h.path,
      linkText: h.via === 'access_log' ? `${h.reference} access log` : h.reference,
      personName: h.personName ?? 'Not shown',
      personHref: h.personPath,
      hubName: h.hubName,
      dateOfBirth: h.dateOfBirth ? formatDate(h.dateOfBirth) : 'Not shown',
      status: {
        text: STATE_LABELS[h.status].text,
        classes: `govuk-tag--${STATE_LABELS[h.status].colour}`,
      },
    })),
    pagination:
      pages > 1
        ? {
            page,
            pages,
            previous: page > 1 ? page - 1 : null,
            next: page < pages ? page + 1 : null,
          }
        : null,
  };
}
