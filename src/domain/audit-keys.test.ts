import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  auditKeyId,
  auditKeyring,
  checkpointProblem,
  parseAuditKeys,
  readCheckpoint,
  sealMac,
  signCheckpoint,
  type AuditKey,
} from './audit-keys.ts';

const secret = Buffer.from(
  '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
  'hex',
);
const keyOf = (bytes: Buffer): AuditKey => ({ id: auditKeyId(bytes), secret: bytes });

test('a key id is the first 8 bytes of the SHA-256 of the key, as hex', () => {
  assert.equal(auditKeyId(secret), createHash('sha256').update(secret).digest('hex').slice(0, 16));
  assert.match(auditKeyId(secret), /^[0-9a-f]{16}$/);
});

test('keys are read as hex or base64, newest first, with comments', () => {
  const other = randomBytes(40);
  const keys = parseAuditKeys(
    `# the current key\n${secret.toString('hex')}\n\n# retired\n${other.toString('base64')}  # old\n`,
  );
  assert.ok(Array.isArray(keys));
  assert.deepEqual(
    keys.map((k) => k.id),
    [auditKeyId(secret), auditKeyId(other)],
  );
  assert.deepEqual(keys[1]!.secret, other);
  const url = parseAuditKeys(`${secret.toString('base64url')},${other.toString('hex')}`);
  assert.ok(Array.isArray(url));
  assert.deepEqual(url[0]!.secret, secret);
});

for (const [label, text, problem] of [
  ['empty', '', /holds no key/],
  ['only a comment', '# only a comment', /holds no key/],
  ['too short to be hex', 'abcd', /key 1 is not a key/],
  ['31 bytes', randomBytes(31).toString('hex'), /key 1 is not a key: each must be at least 32/],
  ['neither hex nor base64', `${secret.toString('hex')} not*base64!`, /key 2 is not a key/],
  [
    'the same key twice',
    `${secret.toString('hex')} ${secret.toString('base64')}`,
    /key 2 is given twice/,
  ],
] as const) {
  test(`a key set is refused when ${label}`, () => {
    const keys = parseAuditKeys(text);
    assert.equal(typeof keys, 'string');
    assert.match(keys as string, problem);
  });
}

test("a seal's MAC depends on the key, the seq and the hash", () => {
  const key = keyOf(secret);
  const hash = randomBytes(32);
  const mac = sealMac(key, 7, hash);
  assert.equal(mac.length, 32);
  assert.deepEqual(sealMac(key, 7, hash), mac);
  assert.notDeepEqual(sealMac(key, 8, hash), mac);
  assert.notDeepEqual(sealMac(keyOf(randomBytes(32)), 7, hash), mac);
  const other = Buffer.from(hash);
  other[31] = other[31]! ^ 1;
  assert.notDeepEqual(sealMac(key, 7, other), mac);
});

test('a checkpoint verifies with the key it names, including a retired one', () => {
  const old = keyOf(randomBytes(32));
  const head = { seq: 42, hash: 'ab'.repeat(32) };
  const checkpoint = signCheckpoint(auditKeyring([old]), head, new Date('2026-06-01T09:00:00Z'));
  assert.deepEqual(
    { seq: checkpoint.seq, hash: checkpoint.hash, time: checkpoint.time, keyId: checkpoint.keyId },
    { ...head, time: '2026-06-01T09:00:00.000Z', keyId: old.id },
  );
  const rotated = auditKeyring([keyOf(secret), old]);
  assert.equal(checkpointProblem(rotated, checkpoint), null);
  assert.match(
    checkpointProblem(auditKeyring([keyOf(secret)]), checkpoint)!,
    new RegExp(`signed with key ${old.id}, which is not configured`),
  );
});

test('a checkpoint edited without the key does not verify', () => {
  const keyring = auditKeyring([keyOf(secret)]);
  const checkpoint = signCheckpoint(keyring, { seq: 42, hash: 'ab'.repeat(32) }, new Date());
  for (const edited of [
    { ...checkpoint, seq: 41 },
    { ...checkpoint, hash: 'cd'.repeat(32) },
    { ...checkpoint, time: '2020-01-01T00:00:00.000Z' },
    { ...checkpoint, mac: '00'.repeat(32) },
  ]) {
    assert.match(checkpointProblem(keyring, edited)!, /signature does not match/);
  }
});

test('only a well-formed checkpoint is read from a file', () => {
  const checkpoint = signCheckpoint(
    auditKeyring([keyOf(secret)]),
    { seq: 3, hash: 'ab'.repeat(32) },
    new Date(),
  );
  assert.deepEqual(readCheckpoint(JSON.parse(JSON.stringify(checkpoint))), checkpoint);
  for (const bad of [
    null,
    'text',
    { ...checkpoint, seq: '3' },
    { ...checkpoint, seq: 0 },
    { ...checkpoint, hash: 'AB'.repeat(32) },
    { ...checkpoint, keyId: 'x' },
    { ...checkpoint, mac: undefined },
  ]) {
    assert.equal(readCheckpoint(bad), null, JSON.stringify(bad));
  }
});
