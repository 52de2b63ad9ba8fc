import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { loggerOptions } from '../../src/web/logging.ts';
import { caseRouteRuntime } from '../../src/access/case-route.ts';
import { registerRoutes, type RouteDeclaration } from '../../src/web/routes.ts';
import { testClock } from './clock.ts';
import { testDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: ReturnType<typeof testClock>;
  config: Config;
  /** Every log line the app wrote, parsed: tests assert nothing personal reaches the log. */
  logLines: Record<string, unknown>[];
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' }),
    demo: false,
    ...overrides,
  };
}

/** The real app on a fresh migrated database, with a movable clock and captured logs. */
export async function testApp(
  options: {
    config?: Partial<Config>;
    database?: Database;
    clock?: Clock;
    /** Extra routes for a test (registered before the app is ready). */
    routes?: (database: Database) => RouteDeclaration[];
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await testDatabase());
  const clock = (options.clock as ReturnType<typeof testClock> | undefined) ?? testClock();
  const config = testConfig(options.config);
  const logLines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const logger = pino(loggerOptions('info'), stream);
  const app = await buildApp({ config, database, clock, logger });
  try {
    if (options.routes)
      registerRoutes(app, caseRouteRuntime(database.db, clock), options.routes(database));
    await app.ready();
  } catch (error) {
    await app.close();
    await database.close();
    throw error;
  }
  return {
    app,
    database,
    clock,
    config,
    logLines,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
