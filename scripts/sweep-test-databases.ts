// Drops test databases left behind by an interrupted run (names cicero_t_* and cicero_tpl_*).
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL;
if (url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'cicero\\_t\\_%' OR datname LIKE 'cicero\\_tpl\\_%'",
  );
  for (const { datname } of rows)
    await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await client.end();
}
