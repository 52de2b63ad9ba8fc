import { ConfigError, loadConfig } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openConfiguredDatabase } from './db/open.ts';
import type { Database } from './db/database.ts';

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
