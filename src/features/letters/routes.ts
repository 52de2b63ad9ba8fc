import { z } from 'zod';
import { uuid } from '../../web/ids.ts';
import { noticeQuery, savedNotice, withNotice } from '../../web/notices.ts';
import { caseRoute, type RouteDeclaration } from '../../web/routes.ts';
import { sendProblem } from '../../web/errors.ts';
import { formTokenFor, formTokenOf, newFormToken } from '../../access/form-submissions.ts';
import { readLetterForm } from './form.ts';
import { LETTER_NOTICES } from './notices.ts';
import { letterFormPage, lettersPage, letterUrls } from './presenter.ts';
import { bookedAppointments, fieldDefaults, makeLetter, type LetterDeps } from './service.ts';

const views = 'features/letters/views';
const permission = 'case.work' as const;
const params = z.object({ caseId: uuid });
const templateParams = z.object({
  caseId: uuid,
  templateId: z.string().regex(/^[a-z0-9-]{1,60}$/),
});
const letterBody = z.record(z.string(), z.unknown());

/**
 * Letters from templates (docs/printing-and-letters.md): for those who work the case's health
 * record. A letter is made on POST (what is typed never goes in a URL), as a PDF or Word
 * download, or saved as a PDF to the case's health documents.
 */
export function letterRoutes(deps: LetterDeps): RouteDeclaration[] {
  const { db, clock, templates } = deps;
  const templateOf = (id: string) => templates.find((t) => t.id === id);

  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/letters',
      permission,
      needs: 'workHealth',
      params,
      query: noticeQuery,
      handler: ({ reply, query, case: { header } }) =>
        reply.page(
          `${views}/list.njk`,
          lettersPage({ header, templates, saved: savedNotice(LETTER_NOTICES, query.done) }),
        ),
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/letters/:templateId',
      permission,
      needs: 'workHealth',
      params: templateParams,
      handler: async ({ request, reply, params: p, case: opened }) => {
        const template = templateOf(p.templateId);
        if (!template) return sendProblem(request, reply, 404);
        const booked = template.appointment
          ? await bookedAppointments(db, { caseId: opened.header.id, from: clock.now() })
          : [];
        const values = await fieldDefaults(db, { opened, template });
        return reply.page(
          `${views}/form.njk`,
          letterFormPage({
            header: opened.header,
            template,
            booked,
            values,
            formToken: newFormToken(),
          }),
        );
      },
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/letters/:templateId',
      permission,
      needs: 'workHealth',
      params: templateParams,
      body: letterBody,
      handler: async ({ request, reply, actor, principal, body, params: p, case: opened }) => {
        const template = templateOf(p.templateId);
        if (!template) return sendProblem(request, reply, 404);
        const { header } = opened;
        const booked = template.appointment
          ? await bookedAppointments(db, { caseId: header.id, from: clock.now() })
          : [];
        const form = readLetterForm(template, body, booked);
        if (!form.ok) {
          return reply.page(
            `${views}/form.njk`,
            letterFormPage({
              ...{ header, template, booked, values: form.values, errors: form.errors },
              formToken: formTokenFor(body),
            }),
            400,
          );
        }
        const made = await makeLetter(deps, {
          actor,
          principal,
          caseId: header.id,
          request: form.request,
          format: form.action,
          formToken: formTokenOf(body),
        });
        if (!made) return sendProblem(request, reply, 404);
        if (made.kind === 'appointment_gone') {
          const errors = {
            summary: [
              {
                text: 'That appointment is no longer booked: choose another',
                href: '#appointment',
              },
            ],
            byField: {
              appointment: { text: 'That appointment is no longer booked: choose another' },
            },
          };
          return reply.page(
            `${views}/form.njk`,
            letterFormPage({
              header,
              template,
              booked,
              values: {},
              errors,
              formToken: formTokenFor(body),
            }),
            400,
          );
        }
        if (made.kind === 'saved') {
          return reply.redirect(withNotice(letterUrls.list(header.id), 'saved'), 303);
        }
        return reply
          .header('X-Content-Type-Options', 'nosniff')
          .header('Cache-Control', 'no-store')
          .header('Content-Disposition', `attachment; filename="${made.filename}"`)
          .type(made.mime)
          .send(made.bytes);
      },
    }),
  ];
}
