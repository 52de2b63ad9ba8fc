import type { Permission } from '../../domain/permissions.ts';
import type { FormErrors } from '../../web/forms.ts';
import { DEMO_PASSWORD } from '../demo/accounts.ts';

/**
 * A link a capability offers on the home page (src/features/home) to those whose roles grant
 * its permission.
 */
export interface HomeLink {
  permission: Permission;
  text: string;
  href: string;
  description: string;
}

export function signInPage(input: {
  values?: Record<string, unknown>;
  errors?: FormErrors;
  demoAccounts?: { email: string; roles: string; hub: string }[];
  providers?: { id: string; name: string }[];
}) {
  return {
    title: 'Sign in',
    email: typeof input.values?.email === 'string' ? input.values.email : '',
    errorSummary: input.errors?.summary ?? [],
    errors: input.errors?.byField ?? {},
    providers: input.providers ?? [],
    demoAccounts: input.demoAccounts ?? [],
    // Published with the demo accounts, which exist only in demo mode.
    demoPassword: input.demoAccounts?.length ? DEMO_PASSWORD : null,
  };
}

export function codePage(input: { purpose: 'sign-in' | 'step-up'; errors?: FormErrors }) {
  return {
    title: input.purpose === 'sign-in' ? 'Enter your security code' : 'Confirm it is you',
    purpose: input.purpose,
    errorSummary: input.errors?.summary ?? [],
    errors: input.errors?.byField ?? {},
  };
}

export function enrolPage(input: { secret: string; qrDataUri: string; errors?: FormErrors }) {
  return {
    title: 'Set up your authenticator app',
    // Grouped in fours so it can be typed by hand.
    secret: input.secret.replace(/(.{4})/g, '$1 ').trim(),
    qrDataUri: input.qrDataUri,
    errorSummary: input.errors?.summary ?? [],
    errors: input.errors?.byField ?? {},
  };
}

export function termsPage(input: { errors?: FormErrors }) {
  return {
    title: 'Terms of use',
    errorSummary: input.errors?.summary ?? [],
    errors: input.errors?.byField ?? {},
  };
}
