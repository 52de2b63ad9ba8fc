import { ConfigError, loadConfig, type Config } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openConfiguredDatabase, openMigrationDatabase } from './db/open.ts';
import { DB_ROLES_USAGE, dbRolesCommand, migrateCommand } from './db/commands.ts';
import type { Database } from './db/database.ts';
import { systemClock } from './domain/clock.ts';
import { linkSsoIdentity } from './features/auth/oidc/service.ts';
import {
  CREATE_USER_USAGE,
  createUserCommand,
  type CommandResult,
} from './features/admin/commands.ts';
import { CREATE_CLIENT_USAGE, createClientCommand } from './features/api-clients/commands.ts';
import { seedDemoCommand, totpCommand } from './features/demo/commands.ts';
import { GENERATE_USAGE, generateCommand } from './features/generator/commands.ts';
import { auditAnchors } from './features/audit/anchors.ts';
import { sealAudit } from './features/audit/seal.ts';
import { verifyAudit } from './features/audit/verify.ts';
import { recomputeAllRetention } from './features/retention/recompute.ts';

/**
 * Admin commands. Each opens the configured database, does one thing, and closes it; an
 * `offline` command needs no database (so it works while the server holds PGlite open).
 */
type Command = { summary: string; usage: string } & (
  | { offline: true; run(args: string[]): Promise<number> }
  | {
      offline?: false;
      /** Opens MIGRATION_DATABASE_URL (the schema owner) when set, instead of DATABASE_URL. */
      asOwner?: boolean;
      run(args: string[], database: Database, config: Config): Promise<number>;
    }
);

/** `--name value` pairs; unknown names and missing values are errors. */
function options<N extends string>(
  args: string[],
  names: readonly N[],
): Record<N, string> | string {
  const found: Partial<Record<N, string>> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!.replace(/^--/, '') as N;
    const value = args[i + 1];
    if (!args[i]!.startsWith('--') || !names.includes(name)) return `unknown option ${args[i]}`;
    if (value === undefined || value.startsWith('--')) return `--${name} needs a value`;
    found[name] = value;
  }
  const missing = names.filter((n) => !(n in found));
  if (missing.length) return `missing ${missing.map((n) => `--${n}`).join(', ')}`;
  return found as Record<N, string>;
}

function report(result: CommandResult): number {
  for (const line of result.out) console.log(line);
  for (const line of result.err) console.error(line);
  return result.code;
}

const commands: Record<string, Command> = {
  migrate: {
    summary:
      'apply database migrations that have not been applied yet, as the schema owner (MIGRATION_DATABASE_URL, else DATABASE_URL)',
    usage: 'migrate',
    asOwner: true,
    async run(_args, database) {
      return report(await migrateCommand(database));
    },
  },
  'db-roles': {
    summary:
      'print the SQL that sets up the two database roles (the schema owner and the role the service runs as) and their grants; --apply runs it as MIGRATION_DATABASE_URL (else DATABASE_URL); safe to run again',
    usage: DB_ROLES_USAGE,
    offline: true,
    async run(args) {
      return report(await dbRolesCommand(args, process.env));
    },
  },
  'link-sso': {
    summary: "link a provisioned user to their identity provider's subject (single sign-on)",
    usage: 'link-sso --email E --provider P --subject S',
    async run(args, database, config) {
      const given = options(args, ['email', 'provider', 'subject']);
      if (typeof given === 'string') {
        console.error(`link-sso: ${given}`);
        return 2;
      }
      const provider = config.oidcProviders.find((p) => p.id === given.provider.toLowerCase());
      if (!provider) {
        const known = config.oidcProviders.map((p) => p.id).join(', ') || 'none';
        console.error(`link-sso: no provider "${given.provider}" in OIDC_PROVIDERS (${known})`);
        return 2;
      }
      const result = await linkSsoIdentity(database.db, systemClock, {
        email: given.email,
        providerId: provider.id,
        issuer: provider.issuer,
        subject: given.subject.trim(),
      });
      if (!result.ok) {
        console.error(
          result.reason === 'no-such-user'
            ? 'link-sso: no user has that email address: create the user first'
            : 'link-sso: that subject is already linked to another user',
        );
        return 1;
      }
      console.log(`Linked: the user can now sign in with ${provider.name}.`);
      return 0;
    },
  },
  'create-user': {
    summary:
      'create a local user (the first admin); --role repeats, each ROLE or ROLE:HUB (--hub is the hub of roles given without one); one side only (police, health, oversight or service desk); prints a password if none is given',
    usage: CREATE_USER_USAGE,
    async run(args, database) {
      return report(await createUserCommand(database.db, systemClock, args));
    },
  },
  'create-client': {
    summary:
      'add an API client (a service account with roles like create-user, scopes and a public key as a JWK file); prints its client id',
    usage: CREATE_CLIENT_USAGE,
    async run(args, database) {
      return report(await createClientCommand(database.db, systemClock, args));
    },
  },
  'seed-demo': {
    summary: 'add the demo users (one per role and pilot hub); demo mode only; idempotent',
    usage: 'seed-demo',
    async run(_args, database, config) {
      if (!config.demo) {
        // Demo accounts share a published password: never on a real installation.
        console.error('seed-demo runs only in demo mode (the embedded database, or DEMO=true).');
        return 1;
      }
      await migrate(database);
      return report(await seedDemoCommand(database.db, systemClock));
    },
  },
  generate: {
    summary:
      'generate synthetic cases and staff (deterministic for a seed); demo or non-live databases only',
    usage: GENERATE_USAGE,
    async run(args, database, config) {
      await migrate(database);
      return report(await generateCommand(database.db, args, { demo: config.demo }));
    },
  },
  totp: {
    summary: 'print the current security code of a demo account',
    usage: 'totp <email>',
    offline: true,
    run(args) {
      return Promise.resolve(report(totpCommand(args, systemClock)));
    },
  },
  'seal-audit': {
    summary:
      'chain every finished audit event not yet sealed, with MACs under the audit key, and write a signed checkpoint (the scheduled job does this too)',
    usage: 'seal-audit',
    async run(_args, database, config) {
      const anchors = auditAnchors(config.audit);
      const run = await sealAudit(database.db, systemClock, anchors);
      if (run.keyed > 0) {
        console.log(
          `Keyed the chain: ${run.keyed} seals made before keys existed now have MACs (key ${anchors.keyring.current.id}).`,
        );
      }
      console.log(`Sealed ${run.sealed} audit rows.`);
      if (run.head) console.log(`Chain head: seq ${run.head.seq}, hash ${run.head.hash}`);
      if (run.checkpoint) {
        console.log(
          `Checkpoint ${run.checkpointWritten ? 'written to' : 'not written (a newer one is there) in'} ${anchors.checkpointDir}: ${JSON.stringify(run.checkpoint)}`,
        );
      }
      return 0;
    },
  },
  'retention-recompute': {
    summary:
      "work out every case's next review date per retention clock now (the nightly job does this too)",
    usage: 'retention-recompute',
    async run(_args, database) {
      const result = await recomputeAllRetention(database, systemClock);
      console.log(
        `Retention review dates worked out for ${result.cases} cases (${result.rows} clocks running).`,
      );
      return 0;
    },
  },
  'verify-audit': {
    summary:
      'check the audit hash chain, the MAC of every seal (AUDIT_KEY or AUDIT_KEY_FILE) and the latest checkpoint; exits 1 naming the first broken row',
    usage: 'verify-audit',
    async run(_args, database, config) {
      const anchors = auditAnchors(config.audit);
      const result = await verifyAudit(database.db, anchors);
      if (!result.ok) {
        console.log('Audit log verification FAILED at the first broken row:');
        console.log(`  seq:      ${result.seq}`);
        console.log(`  event id: ${result.eventId ?? '(none)'}`);
        console.log(`  problem:  ${result.problem}`);
        return 1;
      }
      console.log(`Audit log verified: ${result.rows} rows`);
      if (result.head) console.log(`Chain head: seq ${result.head.seq}, hash ${result.head.hash}`);
      console.log(
        `Checked with ${anchors.keyring.byId.size} key(s) (current ${anchors.keyring.current.id}) against the latest checkpoint in ${anchors.checkpointDir}`,
      );
      return 0;
    },
  },
};

function help(): void {
  console.log('Usage: npm run cicero -- <command> [options]\n\nCommands:');
  for (const [name, command] of Object.entries(commands)) {
    console.log(`  ${command.usage}\n      ${command.summary}`);
    void name;
  }
}

async function cli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    help();
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command: ${name}`);
    help();
    return 2;
  }
  if (command.offline) return command.run(args);
  const config = loadConfig(process.env);
  const database = await (command.asOwner ? openMigrationDatabase : openConfiguredDatabase)(config);
  try {
    return await command.run(args, database, config);
  } finally {
    await database.close();
  }
}

cli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError
        ? `Configuration: ${error.message}`
        : error instanceof Error
          ? error.message
          : error,
    );
    process.exit(1);
  },
);
