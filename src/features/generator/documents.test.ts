import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { pdfText } from '../../../test/support/pdf.ts';
import { testDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../db/database.ts';
import { detectType } from '../documents/receive.ts';
import { CASE_GENERATORS } from './cases.ts';
import { GENERATED_TABLES } from './content-hash.ts';
import { generateInto } from './generate.ts';

/** The generator's documents (issue 13): rates, who added them when, and their stored bytes. */
const NOW = new Date('2026-06-01T09:00:00Z');
let database: Database;
let counts: Awaited<ReturnType<typeof generateInto>>;

before(async () => {
  database = await testDatabase();
  counts = await generateInto(database.db, {
    years: 2,
    requestsPerYear: 150,
    seed: 'documents',
    now: NOW,
  });
});
after(() => database.close());

const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows;

test('documents at realistic rates: a few per allocated case, police ones on some requests', async () => {
  assert.ok(counts.health_documents! > 0 && counts.police_documents! > 0, JSON.stringify(counts));
  const [rates] = await rows(sql<{ allocated: number; with_docs: number; police: number }>`
    SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM allocations a WHERE a.case_id = c.id))::int AS allocated,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM health_documents d WHERE d.case_id = c.id))::int AS with_docs,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM police_documents d WHERE d.case_id = c.id))::int AS police
    FROM cases c`);
  const perCase = counts.health_documents! / rates!.with_docs;
  assert.ok(perCase >= 1.2 && perCase <= 3, `${perCase} documents per case with documents`);
  assert.ok(rates!.with_docs >= rates!.allocated * 0.5, JSON.stringify(rates));
  assert.ok(rates!.police >= 300 * 0.1 && rates!.police <= 300 * 0.3, JSON.stringify(rates));
  const kinds = await rows(sql<{ kind: string }>`SELECT DISTINCT kind FROM health_documents`);
  for (const kind of ['consent_form', 'gp_letter', 'meeting_minutes']) {
    assert.ok(
      kinds.some((k) => k.kind === kind),
      kind,
    );
  }
});

test('health documents: by the lead clinician, while allocated to them and the case open', async () => {
  const wrong = await rows(sql<{ id: string }>`
    SELECT d.id FROM health_documents d JOIN cases c ON c.id = d.case_id
    WHERE d.added_at > ${NOW}
      OR (c.closed_at IS NOT NULL AND d.added_at > c.closed_at)
      OR EXISTS (SELECT 1 FROM closure_requests r WHERE r.case_id = c.id AND r.requested_at < d.added_at)
      OR NOT EXISTS (SELECT 1 FROM allocations a WHERE a.case_id = d.case_id
        AND a.clinician_id = d.added_by AND a.allocated_from <= d.added_at
        AND (a.allocated_to IS NULL OR a.allocated_to >= d.added_at))`);
  assert.deepEqual(wrong, []);
});

test('police documents: by the requesting officer, after the request and before closure', async () => {
  const wrong = await rows(sql<{ id: string }>`
    SELECT d.id FROM police_documents d JOIN cases c ON c.id = d.case_id
    WHERE d.added_by <> c.requested_by OR d.added_at <= c.requested_at OR d.added_at > ${NOW}
      OR (c.closed_at IS NOT NULL AND d.added_at > c.closed_at)`);
  assert.deepEqual(wrong, []);
});

test('stored contents: hash, size and type from the bytes; each document audited', async () => {
  const bad = await rows(sql<{ id: string }>`
    SELECT c.id FROM document_contents c JOIN document_content_chunks k ON k.content_id = c.id
    WHERE c.chunk_count <> 1 OR k.position <> 1 OR c.size_bytes <> length(k.bytes)
      OR c.sha256 <> encode(sha256(k.bytes), 'hex')`);
  assert.deepEqual(bad, []);
  const unaudited = await rows(sql<{ id: string }>`
    SELECT d.id FROM (SELECT id, added_at, 'health_documents' AS t FROM health_documents
      UNION ALL SELECT id, added_at, 'police_documents' FROM police_documents) d
    WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.subject_type = d.t
      AND e.subject_id = d.id::text AND e.action = 'collection' AND e.occurred_at = d.added_at)`);
  assert.deepEqual(unaudited, []);
  const samples = await rows(sql<{ mime: string; bytes: Uint8Array }>`
    SELECT DISTINCT ON (c.mime) c.mime, k.bytes FROM document_contents c
    JOIN document_content_chunks k ON k.content_id = c.id ORDER BY c.mime, c.id`);
  assert.deepEqual(
    samples.map((s) => s.mime),
    ['application/pdf', 'image/png'],
  );
  for (const s of samples) assert.equal(await detectType(s.bytes), s.mime);
  const pdf = samples.find((s) => s.mime === 'application/pdf')!;
  assert.match(
    await pdfText(Buffer.from(pdf.bytes)),
    /Synthetic test data: not about a real person/,
  );
});

/** Like contentHash, leaving out the document tables and their audit rows. */
async function hashWithoutDocuments(db: Database['db']): Promise<string> {
  const hubs = await db.selectFrom('hubs').select(['id', 'code']).execute();
  const hash = createHash('sha256');
  for (const table of GENERATED_TABLES) {
    if (table.includes('document')) continue;
    const where =
      table === 'audit_events'
        ? sql`WHERE subject_type NOT IN ('health_documents', 'police_documents')`
        : sql``;
    const { rows: found } = await sql<{ j: string }>`
      SELECT (to_jsonb(t) - 'id' - 'xid')::text AS j FROM ${sql.table(table)} t ${where}`.execute(
      db,
    );
    const texts = found.map((r) =>
      hubs.reduce((text, hub) => text.replaceAll(hub.id, `hub:${hub.code}`), r.j),
    );
    hash.update(`${table}\n${texts.sort().join('\n')}\n`);
  }
  return hash.digest('hex');
}

test('documents never move the story: without them, every other table is the same', async () => {
  const other = await testDatabase();
  try {
    const without = await generateInto(other.db, {
      years: 2,
      requestsPerYear: 150,
      seed: 'documents',
      now: NOW,
      generators: CASE_GENERATORS.filter((g) => !g.name.includes('documents')),
    });
    assert.equal(without.health_documents, undefined);
    assert.equal(await hashWithoutDocuments(database.db), await hashWithoutDocuments(other.db));
  } finally {
    await other.close();
  }
});
