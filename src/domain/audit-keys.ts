import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The audit log's keys (docs/audit.md): HMAC-SHA-256 keys the database never holds. A key set is
 * written newest first; the first key seals, the others (retired) only verify what they sealed.
 * Each key is named by its id, the first 8 bytes of its SHA-256 as hex, stored with every MAC.
 */
export interface AuditKey {
  id: string;
  secret: Buffer;
}

export interface AuditKeyring {
  /** Seals new rows and signs checkpoints. */
  current: AuditKey;
  /** Every key by id, the current one included. */
  byId: ReadonlyMap<string, AuditKey>;
}

export const MIN_KEY_BYTES = 32;

export const auditKeyId = (secret: Buffer): string =>
  createHash('sha256').update(secret).digest('hex').slice(0, 16);

/** One key: hex (64 or more hex digits) or base64 / base64url of at least 32 bytes. */
function parseKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 && text.length >= 2 * MIN_KEY_BYTES) {
    return Buffer.from(text, 'hex');
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const secret = Buffer.from(text, 'base64');
  // Base64 decoding skips what it cannot read: accept only text that reads back the same.
  const again = secret.toString(text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  if (again.replace(/=+$/, '') !== text.replace(/=+$/, '')) return null;
  return secret.length >= MIN_KEY_BYTES ? secret : null;
}

/**
 * Reads a key set: keys separated by commas, spaces or new lines, newest first; `#` starts a
 * comment to the end of its line. Returns the keys, or what is wrong in one sentence.
 */
export function parseAuditKeys(text: string): AuditKey[] | string {
  const words = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join(' ')
    .split(/[\s,]+/)
    .filter(Boolean);
  if (words.length === 0) return 'holds no key';
  const keys: AuditKey[] = [];
  for (const [index, word] of words.entries()) {
    const secret = parseKey(word);
    if (!secret) {
      return `key ${index + 1} is not a key: each must be at least ${MIN_KEY_BYTES} random bytes, written as hex (${2 * MIN_KEY_BYTES} digits) or base64`;
    }
    const id = auditKeyId(secret);
    if (keys.some((k) => k.id === id)) return `key ${index + 1} is given twice`;
    keys.push({ id, secret });
  }
  return keys;
}

export function auditKeyring(keys: AuditKey[]): AuditKeyring {
  if (keys.length === 0) throw new Error('an audit keyring needs at least one key');
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])) };
}

const SEAL_LABEL = Buffer.from('cicero audit seal v1\0', 'utf8');
const CHECKPOINT_LABEL = Buffer.from('cicero audit checkpoint v1\0', 'utf8');

/**
 * The MAC of one seal: HMAC-SHA-256(key, label ‖ seq as 8 bytes ‖ the seal's hash). The hash
 * already covers the event and, through prev_hash, every seal before it; the seq pins its place.
 */
export function sealMac(key: AuditKey, seq: number, hash: Uint8Array): Buffer {
  const position = Buffer.alloc(8);
  position.writeBigUInt64BE(BigInt(seq));
  return createHmac('sha256', key.secret).update(SEAL_LABEL).update(position).update(hash).digest();
}

/** A checkpoint of the chain, written outside the database after each sealing run. */
export interface Checkpoint {
  seq: number;
  /** The hash of seal `seq`, hex. */
  hash: string;
  /** When it was written, ISO 8601 UTC. */
  time: string;
  keyId: string;
  /** HMAC-SHA-256 of the above, hex. */
  mac: string;
}

const checkpointMac = (key: AuditKey, c: Omit<Checkpoint, 'mac'>): string =>
  createHmac('sha256', key.secret)
    .update(CHECKPOINT_LABEL)
    .update(JSON.stringify([c.seq, c.hash, c.time, c.keyId]), 'utf8')
    .digest('hex');

export function signCheckpoint(
  keyring: AuditKeyring,
  head: { seq: number; hash: string },
  time: Date,
): Checkpoint {
  const unsigned = {
    seq: head.seq,
    hash: head.hash,
    time: time.toISOString(),
    keyId: keyring.current.id,
  };
  return { ...unsigned, mac: checkpointMac(keyring.current, unsigned) };
}

/** Why a checkpoint cannot be trusted, or null when a configured key signed exactly this. */
export function checkpointProblem(keyring: AuditKeyring, checkpoint: Checkpoint): string | null {
  const key = keyring.byId.get(checkpoint.keyId);
  if (!key) return `it was signed with key ${checkpoint.keyId}, which is not configured`;
  const expected = Buffer.from(checkpointMac(key, checkpoint), 'hex');
  const given = Buffer.from(checkpoint.mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return 'its signature does not match (the file was edited)';
  }
  return null;
}

/** A checkpoint read from a file: the fields of Checkpoint with the right types, or null. */
export function readCheckpoint(value: unknown): Checkpoint | null {
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Record<string, unknown>;
  const ok =
    Number.isSafeInteger(c.seq) &&
    (c.seq as number) > 0 &&
    typeof c.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.hash) &&
    typeof c.time === 'string' &&
    typeof c.keyId === 'string' &&
    /^[0-9a-f]{16}$/.test(c.keyId) &&
    typeof c.mac === 'string' &&
    /^[0-9a-f]{64}$/.test(c.mac);
  if (!ok) return null;
  return {
    seq: c.seq as number,
    hash: c.hash as string,
    time: c.time as string,
    keyId: c.keyId as string,
    mac: c.mac as string,
  };
}
