import assert from 'node:assert/strict';
import type { TestApp } from '../support/app.ts';
import type { SignedIn } from '../support/auth.ts';
import { postForm } from '../support/journey.ts';

const typed = (field: string) => `CANARY-typed-${field}`;

/**
 * A disclosure to a service outside Cicero (issue 13) on the fixture's open case, through the
 * pages, with consent so it is released at once and its letter is made: the recipient's team
 * and the summary carry canaries, which then sit in the health recipient row (painted after),
 * in the frozen copy and in the letter's PDF, none of which police may reach.
 */
export async function externalDisclosure(t: TestApp, caseId: string, who: SignedIn): Promise<void> {
  const saved = await postForm(t, who, `/cases/${caseId}/external-disclosures`, {
    summary: typed('external-summary'),
    organisation: 'Riverside Surgery',
    team: typed('external-team'),
    person: '',
    method: 'post',
    address: typed('external-address'),
    purpose: typed('external-purpose'),
    legalBasis: 'caldicott_direct_care',
    necessity: typed('external-necessity'),
    consent: 'given',
    consentNote: typed('external-consent-note'),
    personTold: 'yes',
  });
  assert.equal(saved.statusCode, 303, `external disclosure saved: ${saved.statusCode}`);
  const submitted = await postForm(t, who, `${saved.headers.location!}/submit`, {
    version: '1',
  });
  assert.equal(submitted.statusCode, 303, `external disclosure released: ${submitted.statusCode}`);
}
