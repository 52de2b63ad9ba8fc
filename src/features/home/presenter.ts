import { can } from '../../domain/permissions.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { ROLE_LABELS, type Role } from '../../domain/roles.ts';
import { formatDate, formatDateTime } from '../../web/format.ts';
import type { QueueItem as ClosureItem } from '../closure/service.ts';
import type { ApprovalQueueItem as DisclosureItem } from '../disclosures/approvals.ts';
import type { SignOffQueueItem as FormulationItem } from '../formulation/sign-off-service.ts';
import { ACCESS_REASON_DAYS, type CountKey, type HomeCounts } from './counts.ts';

/** What each count is called and the list it opens, in the order the home page shows them. */
export const COUNTS: readonly { key: CountKey; label: string; href: string }[] = [
  { key: 'urgentRequests', label: 'Urgent requests', href: '/triage' },
  { key: 'requestsToTriage', label: 'Requests to triage', href: '/triage' },
  { key: 'casesToAllocate', label: 'Cases to allocate', href: '/cases?tab=unallocated' },
  { key: 'approvalsWaiting', label: 'Approvals waiting', href: '/approvals' },
  { key: 'overdue', label: 'Overdue actions and reviews', href: '/plans/due' },
  { key: 'newAdvice', label: 'New advice', href: '/requests' },
  { key: 'feedbackToGive', label: 'Closed requests waiting for your feedback', href: '/requests' },
  {
    key: 'accessReasons',
    label: `Cases opened with a reason in the last ${ACCESS_REASON_DAYS} days`,
    href: '/audit/access-reasons',
  },
];

/** The home page: what waits for the user (counts, each a link), then everything they can do. */
export function homePage(input: {
  name: string;
  roles: Role[];
  counts: HomeCounts;
  links: HomeLink[];
}) {
  const links = input.links.filter((l) => can(input.roles, l.permission));
  const waiting = COUNTS.filter((c) => input.counts[c.key] !== undefined).map((c) => {
    const count = input.counts[c.key]!;
    return { key: c.key, text: `${c.label} (${count})`, href: c.href, count };
  });
  return {
    title: 'Home',
    caption: input.name,
    heading: 'Your work',
    roles: input.roles.map((r) => ROLE_LABELS[r]).join(', '),
    waiting,
    links: links.map((l) => ({ text: l.text, href: l.href, description: l.description })),
    nothingYet: links.length === 0 && waiting.length === 0,
  };
}

/** The approvals page: formulations, disclosures and closures waiting, each a section. */
export function approvalsPage(input: {
  formulations: FormulationItem[] | null;
  disclosures: DisclosureItem[] | null;
  closures: ClosureItem[] | null;
}) {
  const you = (name: string, own: boolean) => (own ? `${name} (you)` : name);
  type Row = { href: string; reference: string; detail: string; by: string; on: string };
  const section = <T>(
    [id, heading, empty]: [id: string, heading: string, empty: string],
    items: T[] | null,
    row: (item: T) => Row,
  ) => (items === null ? null : { id, heading, empty, rows: items.map(row) });
  const sections = [
    section(
      [
        'formulations',
        'Formulations to sign off',
        'No formulations are waiting for sign-off in your hubs.',
      ],
      input.formulations,
      (i) => ({
        href: `/formulations/${i.caseId}`,
        reference: i.reference,
        detail: `Version ${i.versionNumber}${i.review ? ' (review)' : ''}`,
        by: you(i.authorName, i.ownVersion),
        on: formatDateTime(i.submittedAt),
      }),
    ),
    section(
      [
        'disclosures',
        'Disclosures to approve',
        'No disclosures are waiting for approval in your hubs.',
      ],
      input.disclosures,
      (i) => ({
        href: `/disclosures/approvals/${i.disclosureId}`,
        reference: i.reference,
        detail: 'Disclosure without consent',
        by: you(i.decidedByName, i.ownDecision),
        on: formatDateTime(i.decidedAt),
      }),
    ),
    section(
      ['closures', 'Closures to approve', 'No closures are waiting for approval in your hubs.'],
      input.closures,
      (i) => ({
        href: `/closures/${i.caseId}`,
        reference: i.reference,
        detail: 'Closure',
        by: you(i.requestedByName, i.ownRequest),
        on: formatDate(i.requestedAt),
      }),
    ),
  ].filter((s) => s !== null);
  return { title: 'Approvals', sections };
}
