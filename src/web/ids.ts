import { z } from 'zod';

/**
 * Ids in paths and forms: UUIDs, lower or upper case, any version (the database makes v4; test
 * fixtures may use others). The one place the pattern is written: route schemas use `uuid`,
 * other code `isUuid`. A malformed id in a path is a 404, never a database error.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);

export const uuid = z.string().regex(UUID);
