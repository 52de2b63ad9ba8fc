import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getPage, postForm } from '../../../test/support/journey.ts';
import { recomputeAllRetention } from './recompute.ts';
import { mainText, retentionFixture, type RetentionFixture } from './testing.ts';

describe('records retention: the date of death', () => {
  let f: RetentionFixture;
  before(async () => {
    f = await retentionFixture();
    await recomputeAllRetention(f.t.database, f.t.clock);
  });
  after(async () => {
    await f?.t.close();
  });

  it('a clinician records the date of death with its source; it moves the health clock', async () => {
    const { t, cases, reviews, lead, clinician, officer, otherClinician } = f;
    const db = () => t.database.db;
    const { caseId, personId } = cases.open;
    const url = `/cases/${caseId}/date-of-death`;
    const section = await getPage(t, clinician, `/cases/${caseId}/section/contacts-and-notes`);
    assert.equal(section.statusCode, 200);
    assert.match(mainText(section.body), /No date of death recorded/);
    assert.ok(section.body.includes(`href="${url}"`));

    const form = await getPage(t, clinician, url);
    assert.equal(form.statusCode, 200);
    const empty = await postForm(t, clinician, url, {});
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary/);
    assert.match(empty.body, /Enter the date of death/);
    assert.match(empty.body, /Select where the date of death comes from/);
    const future = await postForm(t, clinician, url, {
      'dateOfDeath-day': '2',
      'dateOfDeath-month': '6',
      'dateOfDeath-year': '2026',
      source: 'police',
    });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /The date of death must be today or in the past/);
    const beforeBirth = await postForm(t, clinician, url, {
      'dateOfDeath-day': '30',
      'dateOfDeath-month': '6',
      'dateOfDeath-year': '1950',
      source: 'bogus',
    });
    assert.equal(beforeBirth.statusCode, 400);
    assert.match(beforeBirth.body, /same as or after 1 July 1950/);

    // Another hub's clinician and the case officer cannot record it.
    const body = {
      'dateOfDeath-day': '30',
      'dateOfDeath-month': '5',
      'dateOfDeath-year': '2026',
      source: 'gp_or_nhs_record',
    };
    assert.equal((await postForm(t, otherClinician, url, body)).statusCode, 404);
    assert.notEqual((await postForm(t, officer, url, body)).statusCode, 303);
    assert.equal(
      await db()
        .selectFrom('person_deaths')
        .select('person_id')
        .where('person_id', '=', personId)
        .executeTakeFirst(),
      undefined,
    );

    // Died 30 May 2026, two days after the last contact: 20 years after contact still wins.
    assert.equal((await postForm(t, clinician, url, body)).statusCode, 303);
    const death = await db()
      .selectFrom('person_deaths')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    assert.equal(death.date_of_death, '2026-05-30');
    assert.equal(death.source, 'gp_or_nhs_record');
    assert.equal(death.recorded_by, clinician.userId);
    assert.equal((await reviews(caseId)).health, '2046-05-28');

    // Corrected by the hub lead (one day later): recorded again, audited as an alteration.
    const corrected = await postForm(t, lead, url, { ...body, 'dateOfDeath-day': '31' });
    assert.equal(corrected.statusCode, 303);
    const shown = mainText(
      (await getPage(t, clinician, `/cases/${caseId}/section/contacts-and-notes`)).body,
    );
    assert.match(shown, /31 May 2026 \(source: GP or NHS record\)/);
    assert.match(shown, /Correct the date of death/);

    // A person last seen in 2010 (health kept to 2030) who died in 2025: kept to 2035.
    const old = cases.old;
    const oldDeath = await postForm(t, lead, `/cases/${old.caseId}/date-of-death`, {
      'dateOfDeath-day': '29',
      'dateOfDeath-month': '2',
      'dateOfDeath-year': '2024',
      source: 'coroner',
    });
    assert.equal(oldDeath.statusCode, 303);
    // 29 February 2024 + 10 years: 1 March 2034 (not a leap year).
    assert.equal((await reviews(old.caseId)).health, '2034-03-01');
    assert.equal((await reviews(old.caseId)).police, '2016-02-01');

    const audits = await db()
      .selectFrom('audit_events')
      .select(['action', 'detail', 'actor_user_id'])
      .where('subject_type', '=', 'person')
      .where('subject_id', '=', personId)
      .where('action', 'in', ['collection', 'alteration'])
      .orderBy('occurred_at')
      .execute();
    assert.deepEqual(
      audits.map((a) => [a.action, a.actor_user_id]),
      [
        ['collection', clinician.userId],
        ['alteration', lead.userId],
      ],
    );
    assert.doesNotMatch(JSON.stringify(audits), /2026-05-3/);
  });
});
