import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createUser } from '../support/auth.ts';
import { allocate } from '../support/clinical.ts';
import { insertCase } from '../support/journey.ts';
import {
  browserAvailable,
  click,
  savedBanner,
  startBrowserRun,
  visit,
  type BrowserRun,
  signInWithPages,
} from './support/browser.ts';
import { fillDate } from './support/clinical.ts';

const REASON = 'CANARY-REOPEN closure approved before the GP letter arrived';
const NOTE = 'Says he sleeps four hours a night and drinks most evenings.';

describe(
  'reopening a closed case and answering a correction request',
  { skip: !browserAvailable() },
  () => {
    let run: BrowserRun;
    before(async () => {
      run = await startBrowserRun();
    });
    after(async () => {
      await run?.close();
    });

    it('the hub lead reopens a closed case, the officer sees it reopened, a note is corrected and annotated', async () => {
      const db = run.server.database.db;
      const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
      const clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
      const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
      const { caseId } = await insertCase(db, {
        hubCode: 'WM',
        requestedBy: officer.id,
        status: 'closed',
      });
      await db
        .updateTable('cases')
        .set({ closed_at: new Date('2026-05-30T10:00:00Z') })
        .where('id', '=', caseId)
        .execute();
      await allocate(db, { caseId, clinicianId: clinician.id, byId: lead.id });
      const note = await db
        .insertInto('case_notes')
        .values({
          case_id: caseId,
          created_by: clinician.id,
          created_at: new Date('2026-05-25T10:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('case_note_versions')
        .values({
          note_id: note.id,
          version: 1,
          noted_on: '2026-05-25',
          kind: 'clinical',
          body: NOTE,
          reason: null,
          written_by: clinician.id,
          written_at: new Date('2026-05-25T10:00:00Z'),
        })
        .execute();

      // The hub lead reopens the case from its page.
      const l = await signInWithPages(run, lead, 'hub lead');
      await visit(l, `/cases/${caseId}`, 'hub lead: closed case');
      await click(l, 'button', 'Reopen the case', 'hub lead: reopen the case');
      await click(l, 'button', 'Reopen the case', 'hub lead: reopen without a reason');
      assert.match((await l.title()) ?? '', /^Error:/);
      await l.getByLabel('Why are you reopening the case?').fill(REASON);
      await click(l, 'button', 'Reopen the case', 'hub lead: case reopened');
      assert.equal(await savedBanner(l), 'Case reopened. Allocate it to restart the work.');
      assert.match(await l.locator('main').innerText(), /Reopened/);

      // The hub lead answers a correction request on the note: corrects it, then, on a second
      // request about the corrected text, keeps it and annotates it.
      await visit(l, `/cases/${caseId}/notes/${note.id}`, 'hub lead: the note');
      await click(l, 'button', 'Answer a correction request', 'hub lead: correction request form');
      await click(l, 'button', 'Save answer', 'hub lead: correction request with errors');
      assert.match((await l.title()) ?? '', /^Error:/);
      await fillDate(l, ['28', '5', '2026']);
      await l
        .getByLabel('What does the person say is inaccurate?')
        .fill('He says he drinks at weekends only.');
      await l.getByLabel('Correct the note').check();
      await l
        .getByLabel('Corrected note')
        .fill('Says he sleeps four hours a night and drinks at weekends.');
      await l.getByLabel('Why is it corrected?').fill('He was misheard at the visit.');
      await click(l, 'button', 'Save answer', 'hub lead: note corrected');
      assert.equal(await savedBanner(l), 'Correction request answered');
      let main = await l.locator('main').innerText();
      assert.match(main, /drinks at weekends\./);
      assert.match(main, /drinks most evenings\./, 'the original version stays readable');
      assert.doesNotMatch(main, /Restricted:/);

      await click(
        l,
        'button',
        'Answer a correction request',
        'hub lead: second correction request',
      );
      await fillDate(l, ['29', '5', '2026']);
      await l.getByLabel('What does the person say is inaccurate?').fill('He says he sleeps well.');
      await l.getByLabel('The note must stand: annotate and restrict it').check();
      await l
        .getByLabel('Annotation: why the note must stand')
        .fill('Recorded as he described it at the visit.');
      await l.getByLabel("The person's statement (optional)").fill('I sleep seven hours a night.');
      await click(l, 'button', 'Save answer', 'hub lead: note annotated and restricted');
      main = await l.locator('main').innerText();
      assert.match(main, /Restricted: the person disputes the accuracy of this note/);
      assert.match(main, /Recorded as he described it at the visit\./);
      assert.match(main, /I sleep seven hours a night\./);

      // The officer sees the request reopened, and nothing of why.
      const o = await signInWithPages(run, officer, 'case officer');
      await visit(o, '/notifications', 'case officer: notifications');
      assert.match(await o.locator('main').innerText(), /One of your requests has been reopened/);
      await visit(o, `/requests/${caseId}`, 'case officer: the request, reopened');
      assert.match(await o.locator('main').innerText(), /Reopened/);
      assert.doesNotMatch(await o.content(), /CANARY-REOPEN|drinks/);
    });
  },
);
