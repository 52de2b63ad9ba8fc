// Passkeys (WebAuthn), progressive: without JavaScript or passkey support nothing is offered
// and the security code works as ever. The library is @simplewebauthn/browser, served by Cicero.
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
} from '/assets/webauthn/index.js';

const csrfOf = (form) => form.querySelector('input[name="_csrf"]')?.value ?? '';

/** A code form: asks whether its user has a passkey, and if so offers it. */
async function offerPasskey(option) {
  const form = option.closest('form');
  if (!form || !browserSupportsWebAuthn()) return;
  const params = new URLSearchParams({ _csrf: csrfOf(form) });
  if (option.dataset.resetToken) params.set('token', option.dataset.resetToken);
  const response = await fetch('/passkeys/challenge', {
    method: 'POST',
    body: params,
    credentials: 'same-origin',
  });
  if (response.status !== 200) return;
  const optionsJSON = await response.json();
  const answer = option.querySelector('[data-passkey-answer]');
  const error = option.querySelector('[data-passkey-error]');
  option.hidden = false;
  option.querySelector('[data-passkey-button]').addEventListener('click', async () => {
    try {
      answer.value = JSON.stringify(await startAuthentication({ optionsJSON }));
      form.submit();
    } catch {
      error.hidden = false;
    }
  });
}

/** The add-a-passkey form: creates the passkey on the device, then sends its public key. */
function offerRegistration(form) {
  if (!browserSupportsWebAuthn()) return;
  const optionsJSON = JSON.parse(form.dataset.options);
  const button = form.querySelector('[data-passkey-button]');
  const answer = form.querySelector('[data-passkey-answer]');
  const error = form.querySelector('[data-passkey-error]');
  form.querySelector('[data-passkey-unsupported]').hidden = true;
  form.querySelector('[data-passkey-create]').hidden = false;
  button.addEventListener('click', async () => {
    try {
      answer.value = JSON.stringify(await startRegistration({ optionsJSON }));
      form.submit();
    } catch {
      error.hidden = false;
    }
  });
}

for (const option of document.querySelectorAll('[data-passkey-option]')) void offerPasskey(option);
for (const form of document.querySelectorAll('[data-passkey-registration]'))
  offerRegistration(form);
