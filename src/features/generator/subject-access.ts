import { londonDate } from '../../domain/london-day.ts';
import { sarDeadline, type SarController } from '../../domain/subject-access.ts';
import { recordAudit } from '../audit/record.ts';
import { DEMO_ACCOUNTS } from '../demo/accounts.ts';
import type { DemoSeeder } from '../demo/seed.ts';
import { gatherItems } from '../subject-access/gather.ts';

const DAY = 86_400_000;

/** The demo requests: how many days ago each arrived, to whom, and whether it was gathered. */
const DEMO_REQUESTS: { daysAgo: number; controller: SarController; gathered: boolean }[] = [
  { daysAgo: 40, controller: 'both', gathered: true },
  { daysAgo: 12, controller: 'nhs', gathered: true },
  { daysAgo: 2, controller: 'police', gathered: false },
];

/**
 * A few subject access requests in the demo data (docs/records.md#subject-access), registered by
 * the demo IG officer for people of the demo cases (those with the most cases first): one past
 * its deadline, one in review, one just arrived. Idempotent: none is added once any exists.
 */
export const demoSubjectAccess: DemoSeeder = {
  name: 'subject access requests',
  async seed({ trx, clock, userIds }) {
    if (await trx.selectFrom('subject_access_requests').select('id').limit(1).executeTakeFirst()) {
      return 0;
    }
    const ig = DEMO_ACCOUNTS.find((a) => a.roles.includes('ig_officer'));
    const igId = ig ? userIds.get(ig.email) : undefined;
    if (!igId) return 0;
    const people = await trx
      .selectFrom('cases')
      .select(['person_id', (eb) => eb.fn.min('reference').as('first')])
      .groupBy('person_id')
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .orderBy('first')
      .limit(DEMO_REQUESTS.length)
      .execute();
    const now = clock.now();
    const actor = { userId: igId, role: 'ig_officer', hubId: null, requestId: null };
    for (const [n, person] of people.entries()) {
      const demo = DEMO_REQUESTS[n]!;
      const receivedOn = londonDate(new Date(now.getTime() - demo.daysAgo * DAY));
      const { id } = await trx
        .insertInto('subject_access_requests')
        .values({
          person_id: person.person_id,
          received_on: receivedOn,
          identity_method: 'photo_id',
          identity_checked_by: 'Reception, Trust headquarters',
          controller: demo.controller,
          due_on: sarDeadline(receivedOn),
          registered_by: igId,
          registered_at: now,
          gathered_at: demo.gathered ? now : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, actor, {
        action: 'collection',
        subjectType: 'subject_access_request',
        subjectId: id,
        personId: person.person_id,
        detail: { controller: demo.controller, via: 'seed-demo' },
      });
      if (demo.gathered) {
        await gatherItems(trx, { id, personId: person.person_id, controller: demo.controller });
      }
    }
    return people.length;
  },
};
