import type { DemoSeeder } from '../demo/seed.ts';
import { alreadyGenerated, generateWithin } from './generate.ts';

/** The seed of the demo cases: the same cases on every first start (relative to that day). */
export const DEMO_SEED = 'demo';

/**
 * The demo cases: three years of requests across the pilot hubs and a busier last four weeks,
 * worked by the demo accounts (a signed-in demo clinician finds cases allocated to them, the
 * demo hub lead finds closures to approve). About 300 cases: a few seconds on the embedded
 * database. Idempotent: a database that has them gets nothing more.
 */
export const demoCases: DemoSeeder = {
  name: 'cases',
  async seed({ trx, clock }) {
    if (await alreadyGenerated(trx, DEMO_SEED)) return 0;
    const hubs = await trx
      .selectFrom('hubs')
      .select('code')
      .where('code', 'in', ['WM', 'NW', 'LDN'])
      .execute();
    const counts = await generateWithin(trx, {
      years: 3,
      requestsPerYear: 90,
      recent: { days: 28, requests: 30 },
      seed: DEMO_SEED,
      hubs: hubs.map((h) => h.code),
      now: clock.now(),
      staff: 'demo',
    });
    return counts.cases;
  },
};
