import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { documentUploadRefusal } from '../../domain/documents.ts';
import { sendProblem } from '../../web/errors.ts';
import { formErrors } from '../../web/forms.ts';
import { uuid } from '../../web/ids.ts';
import { noticeQuery, savedNotice, withNotice } from '../../web/notices.ts';
import { caseRoute, type CaseRouteContext, type RouteDeclaration } from '../../web/routes.ts';
import { recordAudit } from '../audit/record.ts';
import { caseAfterSave } from '../cases/notices.ts';
import { sectionPath } from '../cases/registry.ts';
import { downloadName, isDocumentKind, type DocumentCompartment } from './kinds.ts';
import { documentRow, documentUrls, uploadFormPage } from './presenter.ts';
import { FILE_MESSAGES, receiveFile, type FileRefusal } from './receive.ts';
import { openReleasedDocument } from './released.ts';
import {
  contentStream,
  openDownload,
  readDocuments,
  saveUpload,
  type DownloadFacts,
} from './service.ts';
import { takeFile } from './uploads.ts';

const view = (name: string) => `features/documents/views/${name}.njk`;
const caseParams = z.object({ caseId: uuid });
const documentParams = z.object({ caseId: uuid, documentId: uuid });
const itemParams = z.object({ caseId: uuid, itemId: uuid });
const uploadBody = z.looseObject({ _csrf: z.string().optional() });
const NOTICES = { added: 'Document added' } as const;

type Ctx = CaseRouteContext<{ caseId: string }, unknown, Record<string, unknown>>;
type Deps = { db: Kysely<DB>; clock: Clock };

/** Sends stored content as an attachment: a generic name, its real type, never sniffed. */
export function sendContent(
  db: Kysely<DB>,
  reply: FastifyReply,
  facts: DownloadFacts,
  name: string,
) {
  return reply
    .code(200)
    .header('content-type', facts.mime)
    .header('content-length', String(facts.size))
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(contentStream(db, facts.contentId, facts.chunkCount));
}

const stringField = (value: unknown) => (typeof value === 'string' ? value : '');

/** The form's fields and file checked; the file is read only when the fields are. */
async function readUpload(ctx: Ctx) {
  const body = ctx.body;
  const title = typeof body.title === 'string' ? body.title.trim() : '';
  const kind = typeof body.kind === 'string' ? body.kind : '';
  const pairs: [string, string][] = [];
  if (!title) pairs.push(['title', 'Enter a title']);
  else if (title.length > 200) pairs.push(['title', 'Title must be 200 characters or fewer']);
  if (!isDocumentKind(kind)) pairs.push(['kind', 'Select what kind of document it is']);
  const part = takeFile(ctx.request);
  let refusal: FileRefusal | null = null;
  let content = null;
  if (!part || !part.filename) {
    part?.file.resume();
    refusal = 'missing';
  } else if (pairs.length) {
    part.file.resume(); // the file is chosen again with the fields put right
  } else {
    const received = await receiveFile(part.file);
    if (received.ok) content = received.content;
    else refusal = received.refusal;
  }
  if (refusal) pairs.push(['file', FILE_MESSAGES[refusal]]);
  return { title, kind, pairs, content };
}

export function documentRoutes({ db, clock }: Deps): RouteDeclaration[] {
  /** The routes of one compartment's upload: the form and its POST. */
  function upload(spec: {
    compartment: DocumentCompartment;
    permission: 'case.work' | 'police_update.add';
    needs: 'workHealth' | 'addPoliceUpdate';
    formUrl: string;
    createUrl: string;
    back: (caseId: string) => string;
    /** The page after the upload, with its notice. */
    next: (caseId: string) => string;
  }): { form: RouteDeclaration; post: RouteDeclaration } {
    const police = spec.compartment === 'police';
    const page = (ctx: Ctx, extra: Partial<Parameters<typeof uploadFormPage>[0]> = {}) =>
      uploadFormPage({
        header: ctx.case.header,
        action: spec.createUrl.replace(':caseId', ctx.case.header.id),
        backHref: spec.back(ctx.case.header.id),
        police,
        ...extra,
      });
    const auditForm = (ctx: Ctx) =>
      recordAudit(db, clock, ctx.actor, {
        action: 'consultation',
        subjectType: 'case',
        subjectId: ctx.case.header.id,
        personId: ctx.case.header.personId,
        detail: { page: `${spec.compartment}_document_new` },
      });
    return {
      form: caseRoute({
        method: 'GET',
        url: spec.formUrl,
        permission: spec.permission,
        needs: spec.needs,
        params: caseParams,
        handler: async (ctx) => {
          await auditForm(ctx);
          return ctx.reply.page(view('form'), page(ctx));
        },
      }),
      post: caseRoute({
        method: 'POST',
        url: spec.createUrl,
        permission: spec.permission,
        needs: spec.needs,
        params: caseParams,
        body: uploadBody,
        handler: async (ctx) => {
          const c = ctx as Ctx;
          const refusedPage = async (reason: string) => {
            await auditForm(c);
            const values = { title: stringField(c.body.title), kind: stringField(c.body.kind) };
            return c.reply.page(
              view('form'),
              page(c, { values, errors: formErrors([['file', reason]]) }),
              409,
            );
          };
          // A closed case (or one the state machine lets nobody add to now): the file is
          // never read, nothing stored. The save checks again under the case's lock.
          const closed = documentUploadRefusal(spec.compartment, c.case.header.status);
          if (closed) {
            takeFile(c.request)?.file.resume();
            return refusedPage(closed);
          }
          let upload;
          try {
            upload = await readUpload(c);
          } catch {
            // The upload was interrupted: nothing was stored.
            return sendProblem(c.request, c.reply, 400);
          }
          if (upload.pairs.length || !upload.content || !isDocumentKind(upload.kind)) {
            await auditForm(c);
            return c.reply.page(
              view('form'),
              page(c, {
                values: { title: upload.title, kind: upload.kind },
                errors: formErrors(upload.pairs),
              }),
              400,
            );
          }
          const saved = await saveUpload(db, clock, c.actor, {
            header: c.case.header,
            principal: c.principal,
            compartment: spec.compartment,
            title: upload.title,
            kind: upload.kind,
            content: upload.content,
          });
          if (saved.kind === 'refused') return refusedPage(saved.reason);
          if (saved.kind !== 'done') return sendProblem(c.request, c.reply, 404);
          return c.reply.redirect(spec.next(c.case.header.id), 303);
        },
      }),
    };
  }

  function download(spec: {
    url: string;
    permission: 'case.work' | 'request.follow';
    needs: 'readHealth' | 'readPolice';
    compartment: DocumentCompartment;
  }): RouteDeclaration {
    return caseRoute({
      method: 'GET',
      url: spec.url,
      permission: spec.permission,
      needs: spec.needs,
      params: documentParams,
      handler: async (ctx) => {
        const found = await openDownload(db, clock, ctx.actor, {
          header: ctx.case.header,
          compartment: spec.compartment,
          documentId: ctx.params.documentId,
        });
        if (!found) return sendProblem(ctx.request, ctx.reply, 404);
        const name = downloadName(found.document.kind, found.facts.mime);
        return sendContent(db, ctx.reply, found.facts, name);
      },
    });
  }

  function released(spec: {
    url: string;
    permission: 'case.work' | 'released_items.read';
  }): RouteDeclaration {
    return caseRoute({
      method: 'GET',
      url: spec.url,
      permission: spec.permission,
      needs: 'visible',
      params: itemParams,
      handler: async (ctx) => {
        const found = await openReleasedDocument(db, clock, ctx.actor, {
          opened: ctx.case,
          viewerId: ctx.principal.userId,
          itemId: ctx.params.itemId,
        });
        if (!found) return sendProblem(ctx.request, ctx.reply, 404);
        return sendContent(db, ctx.reply, found.facts, found.name);
      },
    });
  }

  const health = upload({
    compartment: 'health',
    permission: 'case.work',
    needs: 'workHealth',
    formUrl: '/cases/:caseId/documents/new',
    createUrl: '/cases/:caseId/documents',
    back: (caseId) => sectionPath(caseId, 'documents'),
    next: (caseId) => caseAfterSave(caseId, 'document-added'),
  });
  const police = upload({
    compartment: 'police',
    permission: 'police_update.add',
    needs: 'addPoliceUpdate',
    formUrl: '/requests/:caseId/documents/new',
    createUrl: '/requests/:caseId/documents',
    back: documentUrls.policeList,
    next: (caseId) => withNotice(documentUrls.policeList(caseId), 'added'),
  });

  return [
    health.form,
    health.post,
    police.form,
    police.post,
    caseRoute({
      method: 'GET',
      url: '/requests/:caseId/documents',
      permission: 'request.follow',
      needs: 'readPolice',
      params: caseParams,
      query: noticeQuery,
      handler: async (ctx) => {
        const { header } = ctx.case;
        const found = await readDocuments(db, clock, ctx.actor, {
          header,
          compartments: ['police'],
        });
        return ctx.reply.page(view('list'), {
          title: 'Documents',
          caption: `Request ${header.reference}`,
          backHref: `/requests/${header.id}`,
          docs: found.police.map((d) =>
            documentRow(d, documentUrls.policeDownload(header.id, d.id)),
          ),
          addHref: ctx.case.can.addPoliceUpdate ? documentUrls.policeForm(header.id) : null,
          savedNotice: savedNotice(NOTICES, ctx.query.done),
        });
      },
    }),
    download({
      url: '/cases/:caseId/documents/:documentId/download',
      permission: 'case.work',
      needs: 'readHealth',
      compartment: 'health',
    }),
    download({
      url: '/cases/:caseId/police-documents/:documentId/download',
      permission: 'case.work',
      needs: 'readPolice',
      compartment: 'police',
    }),
    download({
      url: '/requests/:caseId/documents/:documentId/download',
      permission: 'request.follow',
      needs: 'readPolice',
      compartment: 'police',
    }),
    released({ url: '/cases/:caseId/released-documents/:itemId', permission: 'case.work' }),
    released({
      url: '/requests/:caseId/released-documents/:itemId',
      permission: 'released_items.read',
    }),
  ];
}

/** Only the two upload POSTs take multipart bodies (registered in their own scope). */
export const isUploadRoute = (r: RouteDeclaration) =>
  r.method === 'POST' && /\/documents$/.test(r.url);
