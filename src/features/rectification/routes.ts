import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { ukToday } from '../../domain/dates.ts';
import { rectificationRefusal } from '../../domain/rectification.ts';
import { sendUnchanged, summaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { uuid } from '../../web/ids.ts';
import { withNotice } from '../../web/notices.ts';
import { caseRoute, type CaseRouteContext, type RouteDeclaration } from '../../web/routes.ts';
import { readRectificationForm } from './form.ts';
import { rectifyFormPage, rectifyUrl } from './presenter.ts';
import { noteToRectify, rectifyNote } from './service.ts';
import { recordAudit } from '../audit/record.ts';

const params = z.object({ caseId: uuid, noteId: uuid });
const formBody = z.looseObject({ _csrf: z.string().optional() });
const view = 'features/rectification/views/rectify.njk';

type Ctx = CaseRouteContext<{ caseId: string; noteId: string }, unknown, unknown>;

/**
 * Rectification of case notes (issue 15): the author or the hub lead answers a correction
 * request. Reading the note's health record is needed; whether this viewer may answer is the
 * domain rule (author or hub lead), and anyone else finds no form here.
 */
export function rectificationRoutes({
  db,
  clock,
}: {
  db: Kysely<DB>;
  clock: Clock;
}): RouteDeclaration[] {
  const today = () => ukToday(clock.now());

  async function noteFor(ctx: Ctx) {
    const note = await noteToRectify(db, ctx.case.header.id, ctx.params.noteId);
    if (!note) return null;
    const refusal = rectificationRefusal({
      userId: ctx.principal.userId,
      authorId: note.created_by,
      hubLead: ctx.case.hubLead,
    });
    return refusal ? null : note;
  }

  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/notes/:noteId/rectify',
      permission: 'case.work',
      needs: 'readHealth',
      params,
      handler: async (ctx) => {
        const note = await noteFor(ctx);
        if (!note) return sendProblem(ctx.request, ctx.reply, 404);
        const { header } = ctx.case;
        await recordAudit(
          db,
          clock,
          { ...ctx.actor, hubId: header.hubId },
          {
            action: 'consultation',
            subjectType: 'case_note',
            subjectId: note.id,
            personId: header.personId,
            detail: { page: 'note_rectify' },
          },
        );
        return ctx.reply.page(view, rectifyFormPage({ header, today: today(), note }));
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/notes/:noteId/rectify',
      permission: 'case.work',
      needs: 'readHealth',
      params,
      body: formBody,
      handler: async (ctx) => {
        const note = await noteFor(ctx);
        if (!note) return sendProblem(ctx.request, ctx.reply, 404);
        const { header } = ctx.case;
        const form = readRectificationForm(ctx.body, today());
        if (!form.ok) {
          return ctx.reply.page(
            view,
            rectifyFormPage({ header, today: today(), note, ...form }),
            400,
          );
        }
        const change = await rectifyNote(db, clock, ctx.actor, {
          header,
          userId: ctx.principal.userId,
          hubLead: ctx.case.hubLead,
          noteId: note.id,
          version: form.version,
          answer: form.input,
        });
        if (change.kind === 'not_found') return sendProblem(ctx.request, ctx.reply, 404);
        if (change.kind !== 'done') {
          return sendUnchanged(ctx.reply, {
            change,
            caseId: header.id,
            reference: header.reference,
            tried: [summaryRow('Correction request', form.input.request)],
            retryHref: rectifyUrl(header.id, note.id),
          });
        }
        return ctx.reply.redirect(
          withNotice(`/cases/${header.id}/notes/${note.id}`, 'rectified'),
          303,
        );
      },
    }),
  ];
}
