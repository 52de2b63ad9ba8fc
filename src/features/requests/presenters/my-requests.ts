import type { RequestDraft } from '../drafts.ts';
import type { RequestListItem } from '../service.ts';
import { urls } from '../urls.ts';
import { formatDate, STATUS_TAGS } from './format.ts';

/** The officer's requests (one page), and their drafts. */
export function myRequestsPage({
  items,
  total,
  page,
  pageSize,
  drafts,
}: {
  items: RequestListItem[];
  total: number;
  page: number;
  pageSize: number;
  drafts: RequestDraft[];
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return {
    title: 'Your requests',
    startHref: urls.start(),
    guidanceHref: urls.guidance(),
    requests: items.map((item) => ({
      href: urls.request(item.caseId),
      reference: item.reference,
      name: `${item.givenName} ${item.familyName}`,
      status: STATUS_TAGS[item.status],
      requested: formatDate(item.requestedAt),
    })),
    total,
    pagination:
      pages > 1
        ? {
            previous: page > 1 ? { href: urls.myRequests(page - 1) } : undefined,
            next: page < pages ? { href: urls.myRequests(page + 1) } : undefined,
            items: Array.from({ length: pages }, (_, i) => ({
              number: i + 1,
              href: urls.myRequests(i + 1),
              current: i + 1 === page,
            })),
          }
        : null,
    drafts: drafts.map((draft) => ({
      href: urls.draft(draft.id),
      name: draft.answers.person
        ? `${draft.answers.person.givenName} ${draft.answers.person.familyName}`
        : 'Person not named yet',
      saved: formatDate(draft.updatedAt),
      expires: formatDate(draft.expiresAt),
    })),
  };
}
