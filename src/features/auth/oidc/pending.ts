/**
 * What a session keeps of single sign-on between requests (SessionData, never a cookie or a
 * URL). This file imports nothing: the session's types read it.
 */

/** The checks a provider's answer must pass: kept from the start of a sign-in or step-up. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** How the session was signed in, when by single sign-on: for step-up and back-channel logout. */
export interface SsoLogin {
  provider: string;
  /** The provider's session id (`sid`), when its id token carries one. */
  sid?: string;
}

/** The action a step-up interrupted, completed after the provider's answer. */
export interface PendingAction {
  method: 'GET' | 'POST';
  /** A path of ids only (the action's own address, or the page to return to). */
  url: string;
  /** What the confirmation page says: "Now confirm: <label>". */
  label: string;
  /** The form's answers (POST); null when they are not kept (a password, or too much). */
  fields: { name: string; value: string }[] | null;
  /** Where to go back to when the answers were not kept or the step-up failed. */
  returnTo: string;
}

/** A step-up sent to the provider: its checks, when it started, and the action waiting. */
export interface PendingStepUp extends PendingSignIn {
  provider: string;
  /** ISO time by Cicero's clock. */
  startedAt: string;
  action: PendingAction;
}
