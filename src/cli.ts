import { ConfigError, loadConfig } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openConfiguredDatabase } from './db/open.ts';
import type { Database } from './db/database.ts';
import { systemClock } from './domain/clock.ts';
import { sealAudit } from './features/audit/seal.ts';
import { verifyAudit } from './features/audit/verify.ts';

/** Admin commands. Each opens the configured database, does one thing, and closes it. */
interface Command {
  summary: string;
  usage: string;
  run(args: string[], database: Database): Promise<number>;
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
  'seal-audit': {
    summary: 'chain every finished audit event not yet sealed (the scheduled job does this too)',
    usage: 'seal-audit',
    async run(_args, database) {
      const pass = await sealAudit(database.db, systemClock);
      console.log(`Sealed ${pass.sealed} audit rows.`);
      if (pass.head) console.log(`Chain head: seq ${pass.head.seq}, hash ${pass.head.hash}`);
      return 0;
    },
  },
  'verify-audit': {
    summary: 'check the audit hash chain; exits 1 naming the first broken row',
    usage: 'verify-audit',
    async run(_args, database) {
      const result = await verifyAudit(database.db);
      if (!result.ok) {
        console.log('Audit log verification FAILED at the first broken row:');
        console.log(`  seq:      ${result.seq}`);
        console.log(`  event id: ${result.eventId ?? '(none)'}`);
        console.log(`  problem:  ${result.problem}`);
        return 1;
      }
      console.log(`Audit log verified: ${result.rows} rows`);
      if (result.head) console.log(`Chain head: seq ${result.head.seq}, hash ${result.head.hash}`);
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
    return await command.run(args, database);
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
