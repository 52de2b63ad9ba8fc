/** Time is injected so tests can move it (deadlines, timeouts, retention). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
