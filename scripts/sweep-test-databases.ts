// Drops test databases and roles left behind by an interrupted run (names cicero_t_* and
// cicero_tpl_*).
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
  // Roles made by test/least-privilege.test.ts (cluster-wide, so they outlive their database).
  const roles = await client.query<{ rolname: string }>(
    "SELECT rolname FROM pg_roles WHERE rolname LIKE 'cicero\\_t\\_%'",
  );
  for (const { rolname } of roles.rows) {
    await client.query(`DROP ROLE IF EXISTS "${rolname}"`).catch(() => {});
  }
  await client.end();
}
