import { ConfigError, loadConfig, type Config } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openConfiguredDatabase } from './db/open.ts';
import type { Database } from './db/database.ts';
import { systemClock } from './domain/clock.ts';
import {
  CREATE_USER_USAGE,
  createUserCommand,
  type CommandResult,
} from './features/admin/commands.ts';
import { seedDemoCommand, totpCommand } from './features/demo/commands.ts';

/**
 * Admin commands. Each opens the configured database, does one thing, and closes it; an
 * `offline` command needs no database (so it works while the server holds PGlite open).
 */
type Command = { summary: string; usage: string } & (
  | { offline: true; run(args: string[]): Promise<number> }
  | { offline?: false; run(args: string[], database: Database, config: Config): Promise<number> }
);

function report(result: CommandResult): number {
  for (const line of result.out) console.log(line);
  for (const line of result.err) console.error(line);
  return result.code;
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
  'create-user': {
    summary: 'create a local user (the first admin); prints a password if none is given',
    usage: CREATE_USER_USAGE,
    async run(args, database) {
      return report(await createUserCommand(database.db, systemClock, args));
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
  totp: {
    summary: 'print the current security code of a demo account',
    usage: 'totp <email>',
    offline: true,
    run(args) {
      return Promise.resolve(report(totpCommand(args, systemClock)));
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
