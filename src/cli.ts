import { ConfigError, loadConfig, type Config } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openConfiguredDatabase } from './db/open.ts';
import type { Database } from './db/database.ts';
import { systemClock } from './domain/clock.ts';
import { linkSsoIdentity } from './features/auth/oidc/service.ts';

/** Admin commands. Each opens the configured database, does one thing, and closes it. */
interface Command {
  summary: string;
  usage: string;
  run(args: string[], database: Database, config: Config): Promise<number>;
}

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

const commands: Record<string, Command> = {
  migrate: {
    summary: 'apply database migrations that have not been applied yet',
    usage: 'migrate',
    async run(_args, database) {
      const applied = await migrate(database);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      return 0;
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
};

function help(): void {
  console.log('Usage: npm run cicero -- <command> [options]\n\nCommands:');
  for (const [name, command] of Object.entries(commands)) {
    console.log(`  ${command.usage.padEnd(40)} ${command.summary}`);
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
  const config = loadConfig(process.env);
  const database = await openConfiguredDatabase(config);
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
