import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { CommandResult } from '../admin/commands.ts';
import { generateInto, GeneratorError, runIdOf, type GenerateOptions } from './generate.ts';

export const GENERATE_USAGE =
  'generate --years N --requests-per-year M --seed S [--hubs WM,NW,LDN] [--until YYYY-MM-DD]';

const WHOLE = /^\d+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the command line of `generate`; a message for the user when it is wrong. */
export function parseGenerateArgs(args: string[]): GenerateOptions | string {
  const given = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!;
    const value = args[i + 1];
    if (!['--years', '--requests-per-year', '--seed', '--hubs', '--until'].includes(name)) {
      return `unknown option ${name}`;
    }
    if (value === undefined || value.startsWith('--')) return `${name} needs a value`;
    given.set(name, value);
  }
  const missing = ['--years', '--requests-per-year', '--seed'].filter((n) => !given.has(n));
  if (missing.length) return `missing ${missing.join(', ')}`;
  const years = given.get('--years')!;
  const perYear = given.get('--requests-per-year')!;
  if (!WHOLE.test(years)) return '--years must be a whole number';
  if (!WHOLE.test(perYear)) return '--requests-per-year must be a whole number';
  const until = given.get('--until');
  if (until !== undefined && (!DAY.test(until) || Number.isNaN(Date.parse(until)))) {
    return '--until must be a date like 2026-11-22';
  }
  return {
    years: Number(years),
    requestsPerYear: Number(perYear),
    seed: given.get('--seed')!,
    ...(given.has('--hubs') ? { hubs: given.get('--hubs')!.split(',').filter(Boolean) } : {}),
    // The end of that day: the history runs up to it.
    ...(until ? { now: new Date(`${until}T18:00:00Z`) } : {}),
  };
}

/**
 * Whether the database holds cases that no generator wrote: a live installation. Synthetic
 * cases must never be mixed into real casework, so `generate` refuses there unless in demo mode.
 */
async function hasRealCases(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('cases')
    .select('id')
    .where('idempotency_key', 'not like', 'synthetic:%')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function generateCommand(
  db: Kysely<DB>,
  args: string[],
  options: { demo: boolean; now?: Date },
): Promise<CommandResult> {
  const parsed = parseGenerateArgs(args);
  if (typeof parsed === 'string') {
    return { code: 2, out: [], err: [`generate: ${parsed}`, `Usage: ${GENERATE_USAGE}`] };
  }
  if (!options.demo && (await hasRealCases(db))) {
    return {
      code: 1,
      out: [],
      err: [
        'generate: this database has real cases. Synthetic data goes only into a demo or an',
        'empty database (create one for it, for example: createdb cicero_synthetic).',
      ],
    };
  }
  const out: string[] = [];
  const began = Date.now();
  try {
    const counts = await generateInto(db, {
      ...parsed,
      ...(parsed.now || !options.now ? {} : { now: options.now }),
      onYear: ({ index, counts: year, ms }) =>
        console.log(`  year ${index + 1}: ${year.cases ?? 0} requests in ${ms} ms`),
    });
    const seconds = (Date.now() - began) / 1000;
    const rows = Object.entries(counts)
      .filter(([table]) => table !== 'staff')
      .reduce((sum, [, n]) => sum + n, 0);
    out.push(
      `Generated ${counts.cases} requests (seed ${parsed.seed}) and ${counts.staff} new synthetic staff: ${rows} rows in ${seconds.toFixed(1)} s.`,
      ...Object.entries(counts)
        .filter(([table]) => table !== 'cases' && table !== 'staff')
        .map(([table, n]) => `  ${table}: ${n}`),
      `Audit rows carry request id ${runIdOf(parsed.seed)}; run seal-audit to chain them.`,
      'Synthetic staff have no password: an admin can give one to any of them to sign in.',
    );
    return { code: 0, out, err: [] };
  } catch (error) {
    if (error instanceof GeneratorError) {
      return { code: 1, out: [], err: [`generate: ${error.message}`] };
    }
    throw error;
  }
}
