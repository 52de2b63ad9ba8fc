import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  CONTACT_KINDS,
  CONTACT_METHODS,
  CONTACT_STATUSES,
  WEEK_DAYS,
} from '../../domain/contacts.ts';
import { ukToday } from '../../domain/dates.ts';
import { londonDate } from '../../domain/london-day.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { formatDate, formatTime } from '../../web/format.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { readWeek, type WeekItem, type WeekScope } from './week.ts';

/** The URLs of the two weeks, for the home page (and navigation, which is another's). */
export const contactHomeLinks: HomeLink[] = [
  {
    permission: 'case.work',
    text: 'My week',
    href: '/my-week',
    description: 'Your appointments today and in the next 7 days.',
  },
  {
    permission: 'case.allocate',
    text: 'Hub’s week',
    href: '/hub-week',
    description: 'Every appointment of your hub today and in the next 7 days.',
  },
];

/** The week as tables, one per day that has appointments. */
export function weekPage(input: {
  scope: WeekScope;
  from: string;
  to: string;
  today: string;
  items: WeekItem[];
}) {
  const days = new Map<string, WeekItem[]>();
  for (const item of input.items) {
    const day = londonDate(item.startsAt);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  const hub = input.scope === 'hub';
  return {
    title: hub ? 'Hub’s week' : 'My week',
    intro: `Appointments and contacts from ${formatDate(input.from)} to ${formatDate(input.to)}.`,
    head: [
      { text: 'Time' },
      { text: 'Case' },
      { text: 'With' },
      { text: 'Place' },
      ...(hub ? [{ text: 'Clinician' }] : []),
      { text: 'Status' },
      { text: 'Did not attend', format: 'numeric' },
    ],
    days: [...days].map(([day, items]) => ({
      heading: day === input.today ? `Today, ${formatDate(day)}` : formatDate(day),
      rows: items.map((i) => [
        { text: formatTime(i.startsAt) },
        {
          html: `<a class="govuk-link" href="/cases/${i.caseId}/contacts">${escape(i.reference)}</a>`,
        },
        {
          text: `${labelOf(CONTACT_KINDS, i.kind)}${i.withWhom ? `: ${i.withWhom}` : ''} (${labelOf(CONTACT_METHODS, i.method).toLowerCase()})`,
        },
        { text: i.place ?? 'Not given' },
        ...(hub ? [{ text: i.clinician }] : []),
        { text: labelOf(CONTACT_STATUSES, i.status) },
        { text: String(i.didNotAttend), format: 'numeric' },
      ]),
    })),
    empty: input.items.length === 0,
    days_count: WEEK_DAYS,
  };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function weekRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const page = (scope: WeekScope) =>
    route({
      method: 'GET',
      url: scope === 'hub' ? '/hub-week' : '/my-week',
      permission: scope === 'hub' ? 'case.allocate' : 'case.work',
      query: z.looseObject({}),
      handler: async ({ reply, actor, principal }) => {
        const today = ukToday(clock.now());
        const week = await readWeek({ db, clock, actor, principal, scope, today });
        return reply.page('features/contacts/views/week.njk', weekPage({ scope, today, ...week }));
      },
    });
  return [page('mine'), page('hub')];
}
