import nodemailer from 'nodemailer';
import type { MailSettings } from '../../config-mail.ts';
import { isNotificationKind, KINDS } from './kinds.ts';

/** One email as the outbox sends it: the words only ever say what kind of thing is waiting. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** What the outbox sends through: nodemailer over SMTP, or a test's stand-in. */
export interface MailSender {
  /** Resolves when the server accepted the message; rejects otherwise (it will be tried again). */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** A nodemailer SMTP transport from the settings: TLS, STARTTLS (required) or, locally, none. */
export function smtpSender(settings: MailSettings): MailSender {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'tls',
    requireTLS: settings.tls === 'starttls',
    ignoreTLS: settings.tls === 'none',
    auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
    // A server that is down or slow fails the attempt soon; the outbox tries again later.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: settings.from, ...message });
    },
    close: () => transport.close(),
  };
}

const FOOTER = (baseUrl: string) =>
  [
    '',
    'This email does not contain any details of the case: sign in to Cicero to see them.',
    `To choose which emails you get, go to ${baseUrl}/account/notifications`,
    'Do not reply to this email.',
  ].join('\n');

/**
 * The email for a kind (and count) of notification: its subject, and a link to the notification
 * (its id, never the case's) or, for a daily summary, to the list. Never a name, reference, date
 * of birth or anything of the case: the words are fixed per kind.
 */
export function composeEmail(
  baseUrl: string,
  to: string,
  kinds: Record<string, number>,
  notificationId: string | null,
): MailMessage {
  const known = Object.entries(kinds).filter(
    (entry): entry is [keyof typeof KINDS, number] => isNotificationKind(entry[0]) && entry[1] > 0,
  );
  if (notificationId && known.length === 1) {
    const info = KINDS[known[0]![0]];
    return {
      to,
      subject: `Cicero: ${info.subject}`,
      text: [
        `${info.subject}.`,
        '',
        'Open it in Cicero:',
        `${baseUrl}/notifications/${notificationId}`,
        FOOTER(baseUrl),
      ].join('\n'),
    };
  }
  return {
    to,
    subject: 'Cicero: your daily summary',
    text: [
      'Since your last summary, Cicero has:',
      '',
      ...known.map(([kind, count]) => `- ${KINDS[kind].summary(count)}`),
      '',
      'See them in Cicero:',
      `${baseUrl}/notifications`,
      FOOTER(baseUrl),
    ].join('\n'),
  };
}
