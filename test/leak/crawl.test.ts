import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { renderPdf } from '../../src/web/pdf.ts';
import {
  apiLinksIn,
  downloadFormsIn,
  inspect,
  linkKind,
  linksIn,
  pathsFor,
  SEARCH_PROBE,
} from './crawl.ts';

const response = (body: string, headers: Record<string, string> = {}) =>
  ({
    statusCode: 200,
    body,
    rawPayload: Buffer.from(body),
    headers,
  }) as unknown as LightMyRequestResponse;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A download as the app sends it: the bytes, and the body light-my-request decodes from them. */
const download = (bytes: Buffer, headers: Record<string, string>) =>
  ({
    statusCode: 200,
    body: bytes.toString('utf8'),
    rawPayload: bytes,
    headers,
  }) as unknown as LightMyRequestResponse;

describe('the boundary crawl’s parts', () => {
  it('finds canaries in the body and in any header, once each, naming where', async () => {
    const found = await inspect(
      'viewer',
      'GET /x',
      response('<p>CANARY-consents-note-0001 and CANARY-consents-note-0001</p>', {
        'x-note': 'CANARY-triage_decisions-rationale-0002',
        location: '/cases?q=CANARY-0003',
      }),
    );
    assert.deepEqual(found.leaks.map((l) => [l.where, l.canary]).sort(), [
      ['body', 'CANARY-consents-note-0001'],
      ['header location', 'CANARY-0003'],
      ['header x-note', 'CANARY-triage_decisions-rationale-0002'],
    ]);
    assert.deepEqual((await inspect('viewer', 'GET /x', response('<p>ANARY</p>'))).leaks, []);
  });

  it('reads a spreadsheet’s cells: a canary in an XLSX cell is found, though not in its bytes', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('About').addRow(['Title', 'Statistics']);
    const sheet = workbook.addWorksheet('referrals');
    sheet.addRow(['Row', 'Count']);
    sheet.addRow(['Total', 12]);
    sheet.getCell('D9').value = 'Closing notes: CANARY-closure_requests-closing_notes-0042';
    sheet.getCell('B2').note = 'CANARY-consents-note-0043';
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const file = download(bytes, {
      'content-type': XLSX,
      'content-disposition': 'attachment; filename="cicero-statistics.xlsx"',
    });
    // Zip-compressed: a search of the bytes alone finds nothing.
    assert.doesNotMatch(file.body, /CANARY-/);
    const found = await inspect('analyst', 'GET /statistics/export.xlsx', file);
    assert.deepEqual(found.leaks.map((l) => [l.where, l.canary]).sort(), [
      ['body', 'CANARY-closure_requests-closing_notes-0042'],
      ['body', 'CANARY-consents-note-0043'],
    ]);
    // Known by its name too, whatever the content type says.
    const byName = download(bytes, {
      'content-type': 'application/octet-stream',
      'content-disposition': 'attachment; filename="export.xlsx"',
    });
    assert.equal((await inspect('analyst', 'GET /x', byName)).leaks.length, 2);
    // A spreadsheet the crawl cannot read fails the crawl rather than passing unread.
    await assert.rejects(
      inspect(
        'analyst',
        'GET /x',
        download(Buffer.from('PK\x03\x04 not a workbook'), { 'content-type': XLSX }),
      ),
    );
  });

  it('reads a PDF’s text: a canary printed in a PDF is found, though not in its bytes', async () => {
    const bytes = await renderPdf({
      title: 'Letter',
      blocks: [{ kind: 'text', text: 'Findings: CANARY-typed-letter-findings' }],
      marks: { marking: 'OFFICIAL-SENSITIVE', footer: null },
      createdAt: new Date('2026-06-01T09:00:00Z'),
    });
    const file = download(bytes, { 'content-type': 'application/pdf' });
    assert.doesNotMatch(file.body, /CANARY-/);
    const found = await inspect('officer', 'GET /x.pdf', file);
    assert.deepEqual(
      found.leaks.map((l) => l.canary),
      ['CANARY-typed-letter-findings'],
    );
    // A PDF the crawl cannot read fails the crawl rather than passing unread.
    await assert.rejects(
      inspect('officer', 'GET /x', download(Buffer.from('%PDF-1.3 broken'), {})),
    );
  });

  it('follows links (decoded, internal only) and submits GET forms with the search probe', () => {
    const html = `
      <a href="/cases?tab=mine&amp;page=2#top">next</a>
      <a href="https://example.org/">away</a> <a href="/assets/x.css">css</a>
      <form method="get" action="/audit">
        <input type="text" name="user" value="">
        <select name="action"><option value="">Any</option><option value="read">Read</option></select>
        <input type="hidden" name="page" value="1">
      </form>
      <form method="post" action="/cases/1/advice"><input name="body"></form>`;
    assert.deepEqual(linksIn(html, '/cases'), [
      '/cases?tab=mine&page=2',
      `/audit?user=${SEARCH_PROBE}&action=read&page=1`,
    ]);
  });

  it('follows the API’s own links in a JSON answer (links.self, links.next)', () => {
    const body = JSON.stringify({
      items: [{ caseId: 'a', links: { self: '/api/v1/cases/a' } }],
      links: { next: '/api/v1/cases?cursor=cGFnZToy', elsewhere: 'https://example.org/' },
      note: '/cases/a',
    });
    assert.deepEqual(apiLinksIn(body), ['/api/v1/cases/a', '/api/v1/cases?cursor=cGFnZToy']);
    assert.deepEqual(apiLinksIn('not json'), []);
  });

  it('counts links that differ only in ids or page numbers as one kind', () => {
    const id = () => crypto.randomUUID();
    assert.equal(linkKind(`/cases/${id()}`), linkKind(`/cases/${id()}`));
    assert.equal(linkKind('/audit?page=7&user=a'), linkKind('/audit?user=b&page=9'));
    assert.notEqual(linkKind('/audit?page=2'), linkKind('/audit?page=1'));
    assert.notEqual(linkKind(`/cases/${id()}`), linkKind(`/requests/${id()}`));
  });

  it('finds the reason form of a download, with its hidden filters, and no other POST form', () => {
    const html = `<form method="post" action="/audit/export.csv" novalidate>
      <input type="hidden" name="_csrf" value="t">
      <input type="hidden" name="user" value="u-1">
      <input type="hidden" name="subjectType" value="case&amp;x">
      <textarea class="govuk-textarea" id="exportReason" name="exportReason"></textarea>
    </form>
    <form method="post" action="/sign-out"><input type="hidden" name="_csrf" value="t"></form>
    <form method="get" action="/audit"><textarea name="exportReason"></textarea></form>`;
    assert.deepEqual(downloadFormsIn(html, '/audit/export.csv?user=u-1'), [
      {
        action: '/audit/export.csv',
        fields: [
          ['user', 'u-1'],
          ['subjectType', 'case&x'],
        ],
      },
    ]);
  });

  it('fills path parameters from the fixture, subject pairs together', () => {
    const params = {
      values: (name: string) => (name === 'caseId' ? ['a', 'b'] : ['s1', 's2']),
      subjects: [{ subjectType: 'case', subjectId: 'a b' }],
    };
    assert.deepEqual(pathsFor('/cases/:caseId/advice', params), [
      '/cases/a/advice',
      '/cases/b/advice',
    ]);
    assert.deepEqual(pathsFor('/x/:caseId/:section', params), [
      '/x/a/s1',
      '/x/a/s2',
      '/x/b/s1',
      '/x/b/s2',
    ]);
    assert.deepEqual(pathsFor('/audit/records/:subjectType/:subjectId', params), [
      '/audit/records/case/a%20b',
    ]);
    assert.deepEqual(pathsFor('/home', params), ['/home']);
  });
});
