import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STATES, transition } from './case-state.ts';
import { documentUploadRefusal } from './documents.ts';

describe('documentUploadRefusal', () => {
  it('refuses both compartments on a closed case, with the reason the user is shown', () => {
    const reason = 'This case is closed. A new request for the person starts a new episode.';
    assert.equal(documentUploadRefusal('health', 'closed'), reason);
    assert.equal(documentUploadRefusal('police', 'closed'), reason);
  });

  it('lets clinicians add documents to an open case only, as other clinical work', () => {
    assert.equal(documentUploadRefusal('health', 'open'), null);
    for (const state of STATES.filter((s) => s !== 'open')) {
      assert.equal(typeof documentUploadRefusal('health', state), 'string', state);
    }
    assert.equal(
      documentUploadRefusal('health', 'advice_only'),
      'An advice-only consultation records advice to the case officer only.',
    );
  });

  it('lets the officer add to their request until it is closed, as a police update', () => {
    for (const state of STATES) {
      assert.equal(documentUploadRefusal('police', state) === null, state !== 'closed', state);
    }
  });

  it('answers as the case state machine does (one rule, not a copy)', () => {
    for (const state of STATES) {
      const work = transition(state, 'record_work');
      assert.equal(documentUploadRefusal('health', state), work.ok ? null : work.reason);
      const update = transition(state, 'add_police_update');
      assert.equal(documentUploadRefusal('police', state), update.ok ? null : update.reason);
    }
  });
});
