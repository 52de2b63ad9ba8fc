import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from './config-error.ts';
import { parseAuditKeys, type AuditKey } from './domain/audit-keys.ts';

/** Where the audit log's key and checkpoints are kept (docs/audit.md): never in the database. */
export interface AuditSettings {
  /**
   * The HMAC keys, newest first: the first seals, all of them verify. Null when the key file
   * (keyFile) is to be made on first use (outside production, with neither variable set).
   */
  keys: AuditKey[] | null;
  /** The key file: AUDIT_KEY_FILE, or DATA_DIR/audit-key; null when AUDIT_KEY holds the keys. */
  keyFile: string | null;
  /** The folder of signed checkpoints: AUDIT_CHECKPOINT_DIR, by default beside the key. */
  checkpointDir: string;
}

const value = (env: NodeJS.ProcessEnv, name: string) => env[name]?.trim() || undefined;

/**
 * AUDIT_KEY (the keys themselves) or AUDIT_KEY_FILE (a file holding them), one of the two
 * required in production; otherwise DATA_DIR/audit-key, made on first use.
 */
export function readAuditSettings(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  production: boolean,
): AuditSettings {
  const text = value(env, 'AUDIT_KEY');
  const file = value(env, 'AUDIT_KEY_FILE');
  const folder = value(env, 'AUDIT_CHECKPOINT_DIR');
  if (text && file) {
    throw new ConfigError('AUDIT_KEY', 'set AUDIT_KEY or AUDIT_KEY_FILE, not both');
  }
  if (production && !text && !file) {
    throw new ConfigError(
      'AUDIT_KEY_FILE',
      'is required when NODE_ENV is production (or AUDIT_KEY): the audit log key, kept outside the database (docs/audit.md)',
    );
  }
  const checkpointDir = (besideKey: string) =>
    folder ? resolve(folder) : join(besideKey, 'audit-checkpoints');
  if (text) {
    const keys = parseAuditKeys(text);
    if (typeof keys === 'string') throw new ConfigError('AUDIT_KEY', keys);
    return { keys, keyFile: null, checkpointDir: checkpointDir(dataDir) };
  }
  const keyFile = file ? resolve(file) : join(dataDir, 'audit-key');
  if (!file && !existsSync(keyFile))
    return { keys: null, keyFile, checkpointDir: checkpointDir(dataDir) };
  return {
    keys: readKeyFile(keyFile, 'AUDIT_KEY_FILE'),
    keyFile,
    checkpointDir: checkpointDir(dirname(keyFile)),
  };
}

export function readKeyFile(keyFile: string, variable: string): AuditKey[] {
  let text: string;
  try {
    text = readFileSync(keyFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(variable, `cannot read the key file ${keyFile} (${code})`);
  }
  const keys = parseAuditKeys(text);
  if (typeof keys === 'string') throw new ConfigError(variable, `${keyFile} ${keys}`);
  return keys;
}
