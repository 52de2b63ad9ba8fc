/** Why a single sign-on did not sign the person in; each has its own page text. */
export type SsoProblem =
  | 'not-set-up'
  | 'mfa-required'
  | 'failed'
  | 'unavailable'
  | 'role-refused'
  | 'step-up-failed'
  | 'step-up-other-person'
  | 'step-up-unavailable';

export const SSO_PROBLEM_STATUS: Record<SsoProblem, number> = {
  'not-set-up': 403,
  'mfa-required': 403,
  failed: 400,
  unavailable: 503,
  'role-refused': 403,
  'step-up-failed': 403,
  'step-up-other-person': 403,
  'step-up-unavailable': 503,
};

export function ssoProblemPage(input: {
  problem: SsoProblem;
  providerName: string;
  /** The provider's subject, shown only to its owner so the service desk can link it. */
  reference?: string;
  /** A step-up's problem: where to go back to (a path of ids), instead of the sign-in page. */
  backHref?: string;
}) {
  const { providerName } = input;
  const pages: Record<SsoProblem, { title: string; paragraphs: string[] }> = {
    'not-set-up': {
      title: 'Your account is not set up for Cicero',
      paragraphs: [
        `You signed in with ${providerName}, but your account is not set up for Cicero: contact your service desk.`,
        'They will need the reference below.',
      ],
    },
    'mfa-required': {
      title: 'You need to sign in with a second factor',
      paragraphs: [
        `${providerName} did not confirm that you signed in with a second factor, such as a smartcard, an authenticator app or a security key. Cicero needs one.`,
        `Sign in to ${providerName} again with a second factor, or contact your service desk.`,
      ],
    },
    failed: {
      title: 'Your sign-in could not be completed',
      paragraphs: [
        `The answer from ${providerName} could not be checked, or the sign-in was started in another window or too long ago.`,
        'Start again from the sign-in page. If this keeps happening, contact your service desk.',
      ],
    },
    unavailable: {
      title: `Sign in with ${providerName} is not available at the moment`,
      paragraphs: [
        `Cicero cannot reach ${providerName} just now. Try again in a few minutes.`,
        'If you have a Cicero account with a password, you can sign in with that instead.',
      ],
    },
    'role-refused': {
      title: 'Your selected role cannot be used in Cicero',
      paragraphs: [
        `The role you selected at ${providerName} does not match a role your Cicero account has.`,
        `Sign in again and select the role you use for Cicero. If it is not offered, contact your service desk.`,
      ],
    },
    'step-up-failed': {
      title: 'We could not confirm it is you',
      paragraphs: [
        `${providerName} did not confirm that you signed in again just now with a second factor, or the confirmation was started in another window or too long ago.`,
        'Nothing has been done. Go back and try again.',
      ],
    },
    'step-up-other-person': {
      title: 'You signed in as someone else',
      paragraphs: [
        `You signed in to ${providerName} as a different person from the one signed in to Cicero.`,
        'Nothing has been done. Go back and try again, signing in as yourself.',
      ],
    },
    'step-up-unavailable': {
      title: `${providerName} is not available at the moment`,
      paragraphs: [
        `This action needs you to confirm it is you with ${providerName}, and Cicero cannot reach it just now.`,
        'Nothing has been done. Try again in a few minutes.',
      ],
    },
  };
  return {
    ...pages[input.problem],
    reference: input.reference,
    back: input.backHref
      ? { href: input.backHref, text: 'Go back to what you were doing' }
      : { href: '/sign-in', text: 'Return to the sign-in page' },
  };
}
