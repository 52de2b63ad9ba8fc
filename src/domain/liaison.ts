import type { EngagementDecision } from './consent.ts';
import { isCode } from './reference/list.ts';
import { LIAISON_PURPOSES } from './reference/liaison.ts';

/**
 * The rules of a liaison contact (PRODUCT.md step 7, rules 3 and 4), decided before anything
 * is written, by the form and again by the service in the write transaction.
 */

/** The message for "investigation", or any other purpose that is not on the list. */
export const INVESTIGATION_REFUSED =
  'Investigation is not a liaison purpose. The VSS makes no enquiries for investigative purposes: choose safeguarding, care coordination, clinical information or advice.';

export const UNKNOWN_PURPOSE = 'Select the purpose of the contact';

/** Why a purpose is refused, or null when it is one of the liaison purposes. */
export function purposeRefusal(value: unknown): string | null {
  if (isCode(LIAISON_PURPOSES, value)) return null;
  if (typeof value === 'string' && /investig|enquir|intelligence/i.test(value)) {
    return INVESTIGATION_REFUSED;
  }
  return UNKNOWN_PURPOSE;
}

export const CONSENT_CANNOT_COVER =
  'The person’s consent is not in force, so it cannot cover this contact. Answer No, or record consent first.';
export const ON_BEHALF_NEEDS_CONSENT =
  'A contact on the person’s behalf must be covered by their consent. Answer Yes if their consent covers it.';

export type ConsentCheck =
  { ok: true } | { ok: false; field: 'onBehalf' | 'consentCovers'; message: string };

/**
 * A contact on the person's behalf needs their consent in force (the engagement rule of the
 * case journey, with its own message), and their consent must cover it. Consent cannot be
 * said to cover a contact when none is in force. Other contacts (a safeguarding referral, a
 * service contacting the VSS) may be recorded without consent: they are not on the person's
 * behalf.
 */
export function liaisonConsentCheck(input: {
  onBehalf: boolean;
  consentCovers: boolean;
  engagement: EngagementDecision;
}): ConsentCheck {
  const { onBehalf, consentCovers, engagement } = input;
  if (onBehalf && !engagement.allowed) {
    return { ok: false, field: 'onBehalf', message: engagement.message };
  }
  if (consentCovers && !engagement.allowed) {
    return { ok: false, field: 'consentCovers', message: CONSENT_CANNOT_COVER };
  }
  if (onBehalf && !consentCovers) {
    return { ok: false, field: 'consentCovers', message: ON_BEHALF_NEEDS_CONSENT };
  }
  return { ok: true };
}

/** MAPPA category and level are asked for MAPPA meetings only, and both are then required. */
export const mappaApplies = (meetingType: string): boolean => meetingType === 'mappa';
