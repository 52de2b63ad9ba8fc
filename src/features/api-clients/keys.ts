import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';

/** The signing algorithms a client assertion may use (RFC 7518): no HMAC, no "none". */
export const ASSERTION_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;

/** Members of a JWK that only a private key has: a key with any of them is refused. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export type PublicKeyResult =
  { ok: true; jwk: JWK; keyId: string } | { ok: false; problem: string };

/**
 * A client's public key from the JWK text an administrator pasted: an RSA key of at least 2048
 * bits (RS256, PS256) or a P-256 elliptic-curve key (ES256), with no private part. Its key id
 * is its `kid`, or its RFC 7638 thumbprint when it has none.
 */
export async function parsePublicJwk(text: string): Promise<PublicKeyResult> {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'Enter the public key as JWK JSON text' };
  }
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) {
    return { ok: false, problem: 'Enter the public key as one JWK object' };
  }
  const key = jwk as JWK & Record<string, unknown>;
  if (PRIVATE_MEMBERS.some((m) => m in key)) {
    return {
      ok: false,
      problem: 'That is a private key: enter only the public key (never send a private key)',
    };
  }
  const rsa = key.kty === 'RSA' && typeof key.n === 'string' && typeof key.e === 'string';
  const ec = key.kty === 'EC' && key.crv === 'P-256' && typeof key.x === 'string';
  if (!rsa && !ec) {
    return { ok: false, problem: 'The public key must be an RSA key or an EC key on P-256' };
  }
  if (rsa && Buffer.from(key.n!, 'base64url').length * 8 < 2048) {
    return { ok: false, problem: 'An RSA public key must be at least 2048 bits' };
  }
  if (
    key.kid !== undefined &&
    (typeof key.kid !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key.kid))
  ) {
    return {
      ok: false,
      problem: 'The key id (kid) must be printable text of up to 200 characters',
    };
  }
  try {
    await importJWK(key, rsa ? 'RS256' : 'ES256');
  } catch {
    return { ok: false, problem: 'The public key could not be read: check the JWK' };
  }
  const publicJwk: JWK = rsa
    ? { kty: 'RSA', n: key.n, e: key.e }
    : { kty: 'EC', crv: 'P-256', x: key.x, y: key.y };
  const keyId = key.kid ?? (await calculateJwkThumbprint(publicJwk, 'sha256'));
  return { ok: true, jwk: { ...publicJwk, kid: keyId }, keyId };
}

/** The algorithms a registered key can verify. */
export function algorithmsFor(jwk: JWK): string[] {
  return jwk.kty === 'EC' ? ['ES256'] : ['RS256', 'PS256'];
}
