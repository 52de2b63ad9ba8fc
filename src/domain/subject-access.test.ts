import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERASURE } from './disposal.ts';
import {
  THIRD_PARTY_REMOVED,
  addCalendarMonths,
  applyRedactions,
  extensionRefusal,
  gatheredTables,
  isOverdue,
  itemBody,
  latestExtendedDeadline,
  readyForBundle,
  releasedTextOf,
  sarDeadline,
} from './subject-access.ts';

describe('subject access deadline: one calendar month', () => {
  it('is the same day of the next month', () => {
    assert.equal(sarDeadline('2026-03-15'), '2026-04-15');
    assert.equal(sarDeadline('2026-12-03'), '2027-01-03');
  });
  it('is the last day of a shorter month', () => {
    assert.equal(sarDeadline('2026-01-31'), '2026-02-28');
    assert.equal(sarDeadline('2028-01-31'), '2028-02-29');
    assert.equal(sarDeadline('2028-01-30'), '2028-02-29');
    assert.equal(sarDeadline('2026-03-31'), '2026-04-30');
    assert.equal(sarDeadline('2026-08-31'), '2026-09-30');
  });
  it('counts months across years, forwards and backwards', () => {
    assert.equal(addCalendarMonths('2026-11-30', 3), '2027-02-28');
    assert.equal(addCalendarMonths('2026-01-15', -1), '2025-12-15');
  });
  it('extends by up to two more months', () => {
    assert.equal(latestExtendedDeadline('2026-11-30'), '2027-02-28');
    const base = { receivedOn: '2026-01-31', currentDue: '2026-02-28' };
    assert.equal(extensionRefusal({ ...base, to: '2026-04-30' }), null);
    assert.match(extensionRefusal({ ...base, to: '2026-05-01' }) ?? '', /up to two months/);
    assert.match(extensionRefusal({ ...base, to: '2026-02-28' }) ?? '', /after the current/);
  });
  it('is overdue only after the day, and never once answered', () => {
    assert.equal(isOverdue('2026-02-28', '2026-02-28', false), false);
    assert.equal(isOverdue('2026-02-28', '2026-03-01', false), true);
    assert.equal(isOverdue('2026-02-28', '2026-03-01', true), false);
  });
});

describe('third party redaction', () => {
  it('replaces each marked span', () => {
    const r = applyRedactions('Seen with [[Jo Bloggs]] and [[her son]].');
    assert.deepEqual(r, {
      ok: true,
      text: `Seen with ${THIRD_PARTY_REMOVED} and ${THIRD_PARTY_REMOVED}.`,
      marked: 2,
    });
  });
  it('refuses unbalanced or nested marks', () => {
    assert.equal(applyRedactions('a [[b').ok, false);
    assert.equal(applyRedactions('a ]] b').ok, false);
    assert.equal(applyRedactions('[[a [[b]] c]]').ok, false);
    assert.equal(applyRedactions('plain').ok, true);
  });
});

describe('what an item releases', () => {
  it('is the record, the partial text, or nothing', () => {
    assert.equal(releasedTextOf({ decision: 'release', body: 'b', releasedText: null }), 'b');
    assert.equal(releasedTextOf({ decision: 'release_part', body: 'b', releasedText: 'p' }), 'p');
    assert.equal(releasedTextOf({ decision: 'withhold', body: 'b', releasedText: null }), null);
    assert.equal(releasedTextOf({ decision: null, body: 'b', releasedText: null }), null);
  });
  it('waits until every item is decided', () => {
    assert.equal(readyForBundle([{ decision: 'release' }, { decision: null }]), false);
    assert.equal(readyForBundle([{ decision: 'release' }, { decision: 'withhold' }]), true);
    assert.equal(readyForBundle([]), true);
  });
});

describe('what is gathered', () => {
  it('takes each controller from its compartment, with content only, never the items themselves', () => {
    const nhs = gatheredTables('nhs');
    const police = gatheredTables('police');
    assert.ok(nhs.includes('case_note_versions') && nhs.includes('contacts'));
    assert.ok(nhs.includes('health_documents') && nhs.includes('liaison_contacts'));
    assert.ok(police.includes('support_requests') && police.includes('police_updates'));
    assert.ok(police.includes('police_documents'));
    assert.ok(!nhs.some((t) => police.includes(t)));
    assert.ok(!nhs.includes('subject_access_health_items'));
    assert.ok(!police.includes('subject_access_police_items'));
    for (const t of [...nhs, ...police]) assert.ok(ERASURE[t].erase.length > 0, t);
  });
  it("builds an item's text from its content columns", () => {
    assert.equal(itemBody(['body'], { body: 'A note', kind: 'clinical' }), 'A note');
    assert.equal(
      itemBody(['place', 'summary'], { place: 'Clinic', summary: 'Talked', with_whom: 'x' }),
      'Place: Clinic\nSummary: Talked',
    );
    assert.equal(itemBody(['body', 'reason'], { body: 'A note', reason: null }), 'A note');
    assert.equal(itemBody(['place', 'summary'], { place: ' ', summary: null }), null);
  });
});
