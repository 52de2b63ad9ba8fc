import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from './random.ts';

test('the same seed gives the same numbers; another seed others', () => {
  const draw = (seed: string) => {
    const r = new Random(seed);
    return Array.from({ length: 5 }, () => r.next());
  };
  assert.deepEqual(draw('a'), draw('a'));
  assert.notDeepEqual(draw('a'), draw('b'));
  assert.equal(new Random('a').child('x').uuid(), new Random('a').child('x').uuid());
  assert.notEqual(new Random('a').child('x').uuid(), new Random('a').child('y').uuid());
});

test('numbers are in range and roughly uniform; helpers respect their weights', () => {
  const r = new Random('uniform');
  const buckets = Array.from({ length: 10 }, () => 0);
  for (let i = 0; i < 20_000; i += 1) {
    const x = r.next();
    assert.ok(x >= 0 && x < 1);
    buckets[Math.floor(x * 10)]! += 1;
  }
  for (const n of buckets) assert.ok(n > 1800 && n < 2200, `bucket ${n}`);
  let heads = 0;
  const picks = { a: 0, b: 0 };
  for (let i = 0; i < 10_000; i += 1) {
    if (r.chance(0.3)) heads += 1;
    picks[r.weighted({ a: 1, b: 3 })] += 1;
    const n = r.int(2, 4);
    assert.ok(n >= 2 && n <= 4 && Number.isInteger(n));
  }
  assert.ok(heads > 2800 && heads < 3200);
  assert.ok(picks.b > 7200 && picks.b < 7800);
  const medians = Array.from({ length: 2001 }, () => r.logNormal(100, 2)).sort((x, y) => x - y);
  assert.ok(medians[1000]! > 90 && medians[1000]! < 110);
  assert.throws(() => r.pick([]), RangeError);
});

test('uuids are version 4 and distinct', () => {
  const r = new Random('ids');
  const ids = new Set(Array.from({ length: 1000 }, () => r.uuid()));
  assert.equal(ids.size, 1000);
  for (const id of ids) {
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
});
