/** Why a single sign-on did not sign the person in; each has its own page text. */
export type SsoProblem = 'not-set-up' | 'mfa-required' | 'failed' | 'unavailable';

export const SSO_PROBLEM_STATUS: Record<SsoProblem, number> = {
  'not-set-up': 403,
  'mfa-required': 403,
  failed: 400,
  unavailable: 503,
};

export function ssoProblemPage(input: {
  problem: SsoProblem;
  providerName: string;
  /** The provider's subject, shown only to its owner so the service desk can link it. */
  reference?: string;
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
  };
  return { ...pages[input.problem], reference: input.reference };
}
