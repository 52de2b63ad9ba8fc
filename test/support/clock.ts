import type { Clock } from '../../src/domain/clock.ts';

/** A clock tests can set and advance. */
export function testClock(start = new Date('2026-06-01T09:00:00Z')) {
  let current = new Date(start);
  const clock: Clock & { set(d: Date): void; advance(ms: number): void } = {
    now: () => new Date(current),
    set: (d) => {
      current = new Date(d);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
  return clock;
}
