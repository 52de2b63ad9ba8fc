import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditKeyring, parseAuditKeys } from '../../src/domain/audit-keys.ts';
import type { AuditAnchors } from '../../src/features/audit/anchors.ts';

/**
 * The audit key and checkpoint folder of a benchmark database, the same every time for the same
 * database name: the preparing run seals with it and the server started later (or
 * `AUDIT_KEY=… AUDIT_CHECKPOINT_DIR=… npm run cicero -- verify-audit`) uses it too. A bench key,
 * never a real one: it is derived from the name.
 */
export function benchAuditEnv(
  databaseUrl: string,
): Record<'AUDIT_KEY' | 'AUDIT_CHECKPOINT_DIR', string> {
  const name = new URL(databaseUrl).pathname.slice(1) || 'postgres';
  return {
    AUDIT_KEY: createHash('sha256').update(`cicero bench audit key ${name}`).digest('hex'),
    AUDIT_CHECKPOINT_DIR: join(tmpdir(), `cicero-bench-${name}-checkpoints`),
  };
}

export function benchAuditAnchors(databaseUrl: string): AuditAnchors {
  const env = benchAuditEnv(databaseUrl);
  const keys = parseAuditKeys(env.AUDIT_KEY);
  if (typeof keys === 'string') throw new Error(keys);
  return { keyring: auditKeyring(keys), checkpointDir: env.AUDIT_CHECKPOINT_DIR };
}
