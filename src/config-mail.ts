import { ConfigError } from './config-error.ts';

/** How Cicero sends email (docs/notifications.md): SMTP, configured by environment variables. */
export interface MailSettings {
  host: string;
  port: number;
  /** `tls`: TLS from the start (port 465); `starttls`: upgrade, required; `none`: local only. */
  tls: 'tls' | 'starttls' | 'none';
  user: string | undefined;
  password: string | undefined;
  /** The sender, such as `Cicero <no-reply@cicero.example.nhs.uk>`. */
  from: string;
  /** Where an email's links point: the service's public address (PUBLIC_URL). */
  baseUrl: string;
}

const value = (env: NodeJS.ProcessEnv, name: string) => env[name]?.trim() || undefined;

/**
 * SMTP_HOST turns email on; then MAIL_FROM and PUBLIC_URL are required. SMTP_PORT (587),
 * SMTP_TLS (starttls; tls; none, refused in production), SMTP_USER and SMTP_PASSWORD (both or
 * neither). Without SMTP_HOST: no email; notifications still show in the service.
 */
export function readMailSettings(
  env: NodeJS.ProcessEnv,
  publicUrl: string | undefined,
  production: boolean,
): MailSettings | null {
  const host = value(env, 'SMTP_HOST');
  if (!host) return null;
  const portText = value(env, 'SMTP_PORT') ?? '587';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new ConfigError('SMTP_PORT', 'must be a whole number between 1 and 65535');
  }
  const tls = value(env, 'SMTP_TLS') ?? 'starttls';
  if (tls !== 'tls' && tls !== 'starttls' && tls !== 'none') {
    throw new ConfigError('SMTP_TLS', 'must be tls, starttls or none');
  }
  if (tls === 'none' && production) {
    throw new ConfigError('SMTP_TLS', 'must be tls or starttls when NODE_ENV is production');
  }
  const user = value(env, 'SMTP_USER');
  const password = value(env, 'SMTP_PASSWORD');
  if (Boolean(user) !== Boolean(password)) {
    throw new ConfigError(
      user ? 'SMTP_PASSWORD' : 'SMTP_USER',
      'set SMTP_USER and SMTP_PASSWORD together',
    );
  }
  const from = value(env, 'MAIL_FROM');
  if (!from || /[\r\n]/.test(from)) {
    throw new ConfigError('MAIL_FROM', 'is required when SMTP_HOST is set: the sender address');
  }
  if (!publicUrl) {
    throw new ConfigError('PUBLIC_URL', 'is required when SMTP_HOST is set: emails link to it');
  }
  return { host, port, tls, user, password, from, baseUrl: publicUrl };
}
