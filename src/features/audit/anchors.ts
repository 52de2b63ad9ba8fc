import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readKeyFile, type AuditSettings } from '../../config-audit.ts';
import { auditKeyring, MIN_KEY_BYTES, type AuditKeyring } from '../../domain/audit-keys.ts';

/**
 * What anchors the audit chain outside the database: the keys that MAC every seal and sign
 * the checkpoints, and the folder the checkpoints are written to (docs/audit.md).
 */
export interface AuditAnchors {
  keyring: AuditKeyring;
  checkpointDir: string;
}

const GENERATED_KEY_FILE = `# Cicero's audit log key (docs/audit.md). Keep a copy away from the database: without it
# the log cannot be verified. To rotate, put a new key on the first line and keep this one below.
`;

/** The configured anchors; outside production the key file is made on first use (mode 0600). */
export function auditAnchors(settings: AuditSettings): AuditAnchors {
  const keys = settings.keys ?? (settings.keyFile ? keptKeyFile(settings.keyFile) : null);
  if (!keys) throw new Error('no audit key is configured');
  return { keyring: auditKeyring(keys), checkpointDir: settings.checkpointDir };
}

/**
 * Makes the key file unless it is there, atomically: the whole file is written under another
 * name and linked into place, which fails if another process made it first (then that one is
 * read). So two processes starting at once agree on one key.
 */
function keptKeyFile(file: string) {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(
      temporary,
      GENERATED_KEY_FILE + randomBytes(MIN_KEY_BYTES).toString('hex') + '\n',
      {
        mode: 0o600,
        flag: 'wx',
      },
    );
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return readKeyFile(file, 'AUDIT_KEY_FILE');
}
