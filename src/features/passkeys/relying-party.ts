import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';

/**
 * Who Cicero is to a passkey (the WebAuthn relying party): the origin people use and its host
 * name. PUBLIC_URL when set; otherwise, outside production, the address the request came to.
 * In production without PUBLIC_URL there is none, and passkeys are not offered.
 */
export function relyingParty(
  config: Pick<Config, 'publicUrl' | 'nodeEnv'>,
  request: FastifyRequest,
): { origin: string; rpID: string } | null {
  const origin =
    config.publicUrl ??
    (config.nodeEnv === 'production' ? null : `${request.protocol}://${request.host}`);
  if (!origin) return null;
  const rpID = new URL(origin).hostname;
  // A browser refuses an IP address as a passkey's domain: such an address offers none.
  if (/^[\d.]+$/.test(rpID) || rpID.includes(':') || rpID.startsWith('[')) return null;
  return { origin, rpID };
}
