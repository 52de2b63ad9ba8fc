import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { inspect, linkKind, linksIn, pathsFor, SEARCH_PROBE } from './crawl.ts';

const response = (body: string, headers: Record<string, string> = {}) =>
  ({ statusCode: 200, body, headers }) as unknown as LightMyRequestResponse;

describe('the boundary crawl’s parts', () => {
  it('finds canaries in the body and in any header, once each, naming where', () => {
    const found = inspect(
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
    assert.deepEqual(inspect('viewer', 'GET /x', response('<p>ANARY</p>')).leaks, []);
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

  it('counts links that differ only in ids or page numbers as one kind', () => {
    const id = () => crypto.randomUUID();
    assert.equal(linkKind(`/cases/${id()}`), linkKind(`/cases/${id()}`));
    assert.equal(linkKind('/audit?page=7&user=a'), linkKind('/audit?user=b&page=9'));
    assert.notEqual(linkKind('/audit?page=2'), linkKind('/audit?page=1'));
    assert.notEqual(linkKind(`/cases/${id()}`), linkKind(`/requests/${id()}`));
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
