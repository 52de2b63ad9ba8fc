import type { Kysely } from 'kysely';
import { z } from 'zod';
import { formTokenFor, formTokenOf } from '../../access/form-submissions.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { ukToday } from '../../domain/dates.ts';
import { summaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { formInput } from '../../web/form-fields.ts';
import { answerChange, noForm, type FormState } from '../../web/form-page.ts';
import { formErrors } from '../../web/forms.ts';
import { uuid } from '../../web/ids.ts';
import { noticeQuery, savedNotice, withNotice } from '../../web/notices.ts';
import { caseRoute, type CaseRouteContext, type RouteDeclaration } from '../../web/routes.ts';
import { canRecordNow } from '../liaison/case-work.ts';
import { rectificationRefusal } from '../../domain/rectification.ts';
import { rectificationsOf } from '../rectification/service.ts';
import { rectificationRoutes } from '../rectification/routes.ts';
import { NOTE_FIELDS, readNoteForm, type NoteForm } from './form.ts';
import { noteFormPage, notePage, notesListPage, noteUrls } from './presenter.ts';
import {
  amendNote,
  notesOf,
  readNote,
  readNotes,
  writeNote,
  type Note,
  type NoteChange,
} from './service.ts';

const permission = 'case.work' as const;
const NOTICES = {
  written: 'Note saved',
  amended: 'Note amended',
  rectified: 'Correction request answered',
} as const;
const view = (name: string) => `features/notes/views/${name}.njk`;
const formBody = z.looseObject({ _csrf: z.string().optional() });
const caseParams = z.object({ caseId: uuid });
const noteParams = z.object({ caseId: uuid, noteId: uuid });

type Ctx = CaseRouteContext<unknown, unknown, unknown>;
type Values = Record<string, string>;

/** Case notes (issue 13), health compartment: never edited in place, amended by version. */
export function noteRoutes({ db, clock }: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const today = () => ukToday(clock.now());

  const showForm = (ctx: Ctx, form: FormState<Values>, code: 200 | 400, note?: Note) =>
    ctx.reply.page(
      view('form'),
      {
        ...noteFormPage({
          header: ctx.case.header,
          today: today(),
          ...(note ? { note } : {}),
          ...form,
        }),
        formToken: note ? null : formTokenFor(ctx.body),
      },
      code,
    );

  async function answer(ctx: Ctx, form: NoteForm & { ok: true }, change: NoteChange, note?: Note) {
    if (change.kind === 'invalid') {
      return showForm(
        ctx,
        {
          values: formInput(ctx.body, NOTE_FIELDS),
          errors: formErrors([[change.field, change.message]]),
        },
        400,
        note,
      );
    }
    const caseId = ctx.case.header.id;
    return answerChange<NoteForm, { noteId: string }>(
      {
        request: ctx.request,
        reply: ctx.reply,
        next: (value) =>
          note
            ? withNotice(noteUrls.note(caseId, value.noteId), 'amended')
            : withNotice(noteUrls.list(caseId), 'written'),
        conflict: {
          caseId,
          reference: ctx.case.header.reference,
          now: async () => {
            const [current] = note ? await notesOf(db, caseId, note.id) : [];
            return current
              ? [summaryRow('Note now', current.current.body)]
              : [summaryRow('Notes', String((await notesOf(db, caseId)).length))];
          },
          tried: () => [summaryRow('Your note', form.note.body)],
          retryHref: note ? noteUrls.amend(caseId, note.id) : noteUrls.form(caseId),
        },
      },
      form,
      change,
    );
  }

  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/notes',
      permission,
      needs: 'readHealth',
      params: caseParams,
      query: noticeQuery,
      handler: async (ctx) => {
        const notes = await readNotes(db, clock, ctx.actor, ctx.case.header);
        return ctx.reply.page(view('list'), {
          ...notesListPage({ header: ctx.case.header, notes, canWrite: canRecordNow(ctx.case) }),
          savedNotice: savedNotice(NOTICES, ctx.query.done),
        });
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/notes/new',
      permission,
      needs: 'workHealth',
      params: caseParams,
      handler: (ctx) => showForm(ctx, noForm, 200),
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/notes',
      permission,
      needs: 'workHealth',
      params: caseParams,
      body: formBody,
      handler: async (ctx) => {
        const form = readNoteForm(ctx.body, today(), false);
        if (!form.ok) return showForm(ctx, form, 400);
        const change = await writeNote(db, clock, ctx.actor, {
          header: ctx.case.header,
          userId: ctx.principal.userId,
          version: form.version,
          formToken: formTokenOf(ctx.body),
          note: form.note,
        });
        return answer(ctx, form, change);
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/notes/:noteId',
      permission,
      needs: 'readHealth',
      params: noteParams,
      query: noticeQuery,
      handler: async (ctx) => {
        const found = await readNote(db, clock, ctx.actor, {
          header: ctx.case.header,
          noteId: ctx.params.noteId,
          page: 'note',
        });
        if (!found) return sendProblem(ctx.request, ctx.reply, 404);
        // Issue 15: its correction requests, and whether this viewer may answer one.
        const [author] = await db
          .selectFrom('case_notes')
          .select('created_by')
          .where('id', '=', found.note.id)
          .execute();
        const canRectify =
          rectificationRefusal({
            userId: ctx.principal.userId,
            authorId: author?.created_by ?? '',
            hubLead: ctx.case.hubLead,
          }) === null;
        return ctx.reply.page(view('note'), {
          ...notePage({
            header: ctx.case.header,
            ...found,
            canAmend: canRecordNow(ctx.case),
            canRectify,
            rectifications: await rectificationsOf(db, 'note', found.note.id),
          }),
          savedNotice: savedNotice(NOTICES, ctx.query.done),
        });
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/notes/:noteId/amend',
      permission,
      needs: 'workHealth',
      params: noteParams,
      handler: async (ctx) => {
        const found = await readNote(db, clock, ctx.actor, {
          header: ctx.case.header,
          noteId: ctx.params.noteId,
          page: 'note_amend',
        });
        if (!found) return sendProblem(ctx.request, ctx.reply, 404);
        return showForm(ctx, noForm, 200, found.note);
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/notes/:noteId/amend',
      permission,
      needs: 'workHealth',
      params: noteParams,
      body: formBody,
      handler: async (ctx) => {
        const [note] = await notesOf(db, ctx.case.header.id, ctx.params.noteId);
        if (!note) return sendProblem(ctx.request, ctx.reply, 404);
        const form = readNoteForm(ctx.body, today(), true);
        if (!form.ok) return showForm(ctx, form, 400, note);
        const change = await amendNote(db, clock, ctx.actor, {
          header: ctx.case.header,
          userId: ctx.principal.userId,
          noteId: note.id,
          version: form.version,
          note: form.note,
        });
        return answer(ctx, form, change, note);
      },
    }),
    // Issue 15: answering a correction request on a note (src/features/rectification).
    ...rectificationRoutes({ db, clock }),
  ];
}
