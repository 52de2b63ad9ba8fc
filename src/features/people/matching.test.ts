import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../db/database.ts';
import { findPossibleMatches } from './matching.ts';

// Synthetic people only.
const base = {
  gender: 'male',
  ethnicity: 'not_known',
  postcode_district: 'B15',
  first_language: 'English',
};

describe('matching people at intake', () => {
  let database: Database;
  const ids: Record<string, string> = {};

  before(async () => {
    database = await testDatabase();
    const people = [
      {
        key: 'jonathan',
        given_name: 'Jonathan',
        family_name: 'Testperson',
        date_of_birth: '1990-04-12',
        nhs_number: '9434765919',
        other_names: null,
      },
      {
        key: 'jon-other-dob',
        given_name: 'Jonathan',
        family_name: 'Testperson',
        date_of_birth: '1991-04-12',
        nhs_number: null,
        other_names: null,
      },
      {
        key: 'alias',
        given_name: 'Sam',
        family_name: 'Fictional',
        date_of_birth: '1985-01-30',
        nhs_number: null,
        other_names: 'Samira Fictionalle',
      },
      {
        key: 'different-nhs',
        given_name: 'Alex',
        family_name: 'Madeup',
        date_of_birth: '2001-09-09',
        nhs_number: '0000010030',
        other_names: null,
      },
    ];
    for (const { key, ...person } of people) {
      const row = await database.db
        .insertInto('people')
        .values({ ...base, ...person })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[key] = row.id;
    }
  });
  after(async () => {
    await database?.close();
  });

  it('finds the person by NHS number exactly, whatever the name', async () => {
    const matches = await findPossibleMatches(database.db, {
      givenName: 'Someone',
      familyName: 'Else',
      dateOfBirth: '2000-01-01',
      nhsNumber: '9434765919',
    });
    assert.deepEqual(matches, [{ personId: ids.jonathan, basis: 'nhs_number', similarity: 1 }]);
  });

  it('finds similar names with the same date of birth only', async () => {
    const matches = await findPossibleMatches(database.db, {
      givenName: 'Jonathon',
      familyName: 'Testpersen',
      dateOfBirth: '1990-04-12',
      nhsNumber: null,
    });
    assert.deepEqual(
      matches.map((m) => [m.personId, m.basis]),
      [[ids.jonathan, 'name_and_date_of_birth']],
    );
    assert.ok(matches[0]!.similarity >= 0.4 && matches[0]!.similarity < 1);
  });

  it('ignores case and matches the other names a person is known by', async () => {
    const matches = await findPossibleMatches(database.db, {
      givenName: 'SAMIRA',
      familyName: 'fictionalle',
      dateOfBirth: '1985-01-30',
      nhsNumber: null,
    });
    assert.deepEqual(
      matches.map((m) => m.personId),
      [ids.alias],
    );
  });

  it('finds nobody for a dissimilar name on the same date of birth', async () => {
    const matches = await findPossibleMatches(database.db, {
      givenName: 'Priya',
      familyName: 'Unrelated',
      dateOfBirth: '1990-04-12',
      nhsNumber: null,
    });
    assert.deepEqual(matches, []);
  });

  it('an unknown NHS number falls back to names, but not to someone with another NHS number', async () => {
    const byName = await findPossibleMatches(database.db, {
      givenName: 'Jonathan',
      familyName: 'Testperson',
      dateOfBirth: '1991-04-12',
      nhsNumber: '4010232137',
    });
    assert.deepEqual(
      byName.map((m) => m.personId),
      [ids['jon-other-dob']],
    );
    const otherNhs = await findPossibleMatches(database.db, {
      givenName: 'Alex',
      familyName: 'Madeup',
      dateOfBirth: '2001-09-09',
      nhsNumber: '4010232137',
    });
    assert.deepEqual(otherNhs, []);
  });
});
