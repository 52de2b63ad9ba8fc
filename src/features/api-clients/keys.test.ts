import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { parsePublicJwk } from './keys.ts';

test('a public EC or RSA JWK is accepted, its kid kept or its thumbprint used', async () => {
  const ec = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey);
  const parsed = await parsePublicJwk(JSON.stringify({ ...ec, use: 'sig', extra: 'ignored' }));
  assert.ok(parsed.ok);
  assert.equal(parsed.keyId, await calculateJwkThumbprint(ec, 'sha256'));
  assert.deepEqual(Object.keys(parsed.jwk).sort(), ['crv', 'kid', 'kty', 'x', 'y']);
  const rsa = await exportJWK((await generateKeyPair('PS256', { extractable: true })).publicKey);
  const named = await parsePublicJwk(JSON.stringify({ ...rsa, kid: 'trust-key-1' }));
  assert.ok(named.ok);
  assert.equal(named.keyId, 'trust-key-1');
});

test('private keys, small RSA keys, other curves and nonsense are refused with a reason', async () => {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
    format: 'jwk',
  });
  const p384 = await generateKeyPair('ES384', { extractable: true });
  const cases: [string, RegExp][] = [
    [JSON.stringify(await exportJWK(privateKey)), /private key/],
    [JSON.stringify(small), /at least 2048 bits/],
    [JSON.stringify(await exportJWK(p384.publicKey)), /RSA key or an EC key on P-256/],
    ['[]', /one JWK object/],
    ['{', /JWK JSON text/],
    ['{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}', /could not be read/],
    [
      JSON.stringify({ ...(await exportJWK(p384.publicKey)), kty: 'EC', crv: 'P-256' }),
      /could not be read/,
    ],
  ];
  for (const [text, reason] of cases) {
    const parsed = await parsePublicJwk(text);
    assert.ok(!parsed.ok, text);
    assert.match(parsed.problem, reason);
  }
  const ec = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey);
  const badKid = await parsePublicJwk(JSON.stringify({ ...ec, kid: 'has space' }));
  assert.ok(!badKid.ok);
});
