import { formatDateTime } from '../../web/format.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { AccountView } from './service.ts';

export const ACCOUNT_NOTICES = {
  'password-changed':
    'Your password has been changed. You have been signed out on every other device.',
  'passkey-added': 'Your passkey has been added. You can use it instead of a security code.',
  'passkey-removed': 'The passkey has been removed.',
} as const;

export function accountPage(view: AccountView, notice: string | null, errors?: FormErrors) {
  return {
    title: 'Your account',
    savedNotice: notice,
    errorSummary: errors?.summary ?? [],
    rows: [
      { key: { text: 'Name' }, value: { text: view.name } },
      { key: { text: 'Email address' }, value: { text: view.email } },
      {
        key: { text: 'Password' },
        value: {
          text: view.singleSignOn
            ? 'You sign in with your organisation’s account: Cicero has no password for you'
            : 'Set',
        },
      },
      {
        key: { text: 'Authenticator app' },
        value: { text: view.secondFactors.totp ? 'Set up' : 'Not set up' },
      },
    ],
    localPassword: view.localPassword,
    // Passkeys are a second factor beside a password: a single sign-on account uses its provider's.
    canAddPasskey: view.localPassword,
    passkeys: view.passkeys.map((p) => ({
      id: p.id,
      name: p.name,
      added: formatDateTime(p.createdAt),
      lastUsed: p.lastUsedAt ? formatDateTime(p.lastUsedAt) : 'Not used yet',
    })),
  };
}
