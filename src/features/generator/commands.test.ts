import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/support/database.ts';
import { insertCase } from '../../../test/support/journey.ts';
import { createUser } from '../../../test/support/auth.ts';
import { generateCommand, parseGenerateArgs } from './commands.ts';

test('generate reads its options and explains what is wrong', () => {
  assert.deepEqual(
    parseGenerateArgs([
      '--years',
      '10',
      '--requests-per-year',
      '4000',
      '--seed',
      's1',
      '--hubs',
      'WM,NW',
      '--until',
      '2026-11-22',
    ]),
    {
      years: 10,
      requestsPerYear: 4000,
      seed: 's1',
      hubs: ['WM', 'NW'],
      now: new Date('2026-11-22T18:00:00Z'),
    },
  );
  assert.equal(parseGenerateArgs(['--years', '1']), 'missing --requests-per-year, --seed');
  assert.equal(parseGenerateArgs(['--years']), '--years needs a value');
  assert.equal(parseGenerateArgs(['--size', '1']), 'unknown option --size');
  assert.equal(
    parseGenerateArgs(['--years', 'ten', '--requests-per-year', '1', '--seed', 's']),
    '--years must be a whole number',
  );
  assert.equal(
    parseGenerateArgs([
      '--years',
      '1',
      '--requests-per-year',
      '1',
      '--seed',
      's',
      '--until',
      '22/11/2026',
    ]),
    '--until must be a date like 2026-11-22',
  );
});

test('generate writes a dataset and reports it; refuses a seed twice and a live database', async () => {
  const database = await testDatabase();
  try {
    const args = ['--years', '1', '--requests-per-year', '40', '--seed', 'cmd', '--hubs', 'NW'];
    const done = await generateCommand(database.db, args, { demo: false });
    assert.equal(done.code, 0, done.err.join('\n'));
    assert.match(done.out[0]!, /^Generated 40 requests \(seed cmd\)/);
    const again = await generateCommand(database.db, args, { demo: false });
    assert.equal(again.code, 1);
    assert.match(again.err[0]!, /already in this database/);
    const bad = await generateCommand(database.db, ['--years', '1'], { demo: false });
    assert.equal(bad.code, 2);

    // A case someone made in the application: this is a live database.
    const officer = await createUser(database.db, { roles: ['case_officer'], hubCodes: ['WM'] });
    await insertCase(database.db, { hubCode: 'WM', requestedBy: officer.id });
    const live = ['--years', '1', '--requests-per-year', '5', '--seed', 'other', '--hubs', 'NW'];
    const refused = await generateCommand(database.db, live, { demo: false });
    assert.equal(refused.code, 1);
    assert.match(refused.err.join(' '), /real cases/);
    // In demo mode the demo's own cases are not in the way.
    assert.equal((await generateCommand(database.db, live, { demo: true })).code, 0);
  } finally {
    await database.close();
  }
});
