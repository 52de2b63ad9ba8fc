import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { CommandResult } from '../admin/commands.ts';
import { totpCode } from '../auth/totp.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoTotpSecret, isDemoEmail } from './accounts.ts';
import { seedDemo } from './seed.ts';

export async function seedDemoCommand(db: Kysely<DB>, clock: Clock): Promise<CommandResult> {
  const added = await seedDemo(db, clock);
  const total = Object.values(added).reduce((a, b) => a + b, 0);
  return {
    code: 0,
    out: [
      total === 0
        ? 'The demo data is already there: nothing changed.'
        : `Added ${Object.entries(added)
            .filter(([, n]) => n > 0)
            .map(([name, n]) => `${n} ${name}`)
            .join(', ')}.`,
      ...signInHelp(),
    ],
    err: [],
  };
}

/** How to sign in as a demo user: printed by seed-demo and at the first start. */
export function signInHelp(url?: string): string[] {
  const example = DEMO_ACCOUNTS.find((a) => a.roles.includes('clinician'))!.email;
  return [
    `Sign in${url ? ` at ${url}sign-in` : ''} as any demo account, for example ${example}`,
    `  password: ${DEMO_PASSWORD}`,
    `  security code: npm run -s cicero -- totp ${example}`,
    'The sign-in page lists every demo account.',
  ];
}

/**
 * Prints the current security code of a demo account. Refuses every other address: the code
 * comes from a secret anyone can derive, which must never open a real account.
 */
export function totpCommand(args: string[], clock: Clock): CommandResult {
  const [email, ...rest] = args;
  if (!email || rest.length)
    return { code: 2, out: [], err: ['Usage: totp <email of a demo account>'] };
  if (!isDemoEmail(email))
    return {
      code: 1,
      out: [],
      err: ['totp works only for demo accounts (…@demo.cicero.example). Use an authenticator app.'],
    };
  const now = clock.now();
  const secondsLeft = 30 - (Math.floor(now.getTime() / 1000) % 30);
  return {
    code: 0,
    out: [totpCode(demoTotpSecret(email), now)],
    err: [`(valid for about ${secondsLeft} more seconds; each code works once)`],
  };
}
