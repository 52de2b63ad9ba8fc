import ExcelJS from 'exceljs';
import { pdfText } from '../support/pdf.ts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { can } from '../../src/domain/permissions.ts';
import type { Role } from '../../src/domain/roles.ts';
import { listRoutes, type RouteListing } from '../../src/web/routes.ts';
import { validateBundle } from '../support/fhir.ts';
import { CANARY_PATTERN } from '../support/canaries.ts';

/**
 * The boundary crawl: as one viewer, request every route the app registered (its own route
 * table, so a route added later is crawled without touching this file), with path parameters
 * filled from the fixture, then follow every link, redirect and GET form the responses offer
 * (pagination, filters, tabs, exports), and report every canary found in a body or header.
 * POST routes get an empty body with the viewer's CSRF token and without it, so their error
 * pages are inspected too. See docs/boundary.md.
 */

export interface CrawlSession {
  cookie: string;
  csrfToken: string;
}

export interface Viewer {
  label: string;
  userId: string;
  roles: readonly Role[];
  session: CrawlSession;
  /** A throwaway session of the same user, for routes that end or challenge a session. */
  freshSession(): Promise<CrawlSession>;
  /**
   * The headers of the JSON API as this viewer (a bearer token of a client acting for them),
   * for routes under /api/v1/, which read no cookie. Without it the API answers 401.
   */
  api?: Record<string, string>;
  /**
   * A fresh security code of this viewer, for the downloads of identifiable data, which ask a
   * reason and a code first (src/features/audit/export-reason.ts). Without it they are not
   * downloaded, only their reason pages read.
   */
  freshCode?: () => string;
}

export interface Leak {
  viewer: string;
  request: string;
  status: number;
  /** `body`, or `header <name>`. */
  where: string;
  canary: string;
}

export interface CrawlResult {
  viewer: string;
  leaks: Leak[];
  requests: number;
  /** Every URL requested, `METHOD url`. */
  visited: string[];
  /** Every distinct canary seen (for viewers who may see health information). */
  seen: Set<string>;
  /** 5xx answers, and FHIR bundles that fail validation (test/support/fhir.ts). */
  serverErrors: string[];
  /** Links found but not followed because the budget ran out (should be empty). */
  unvisited: string[];
  /** Links not followed because enough of their kind were (see linkKind). */
  sampledOut: number;
  /** Every content type answered (without parameters), to show what kinds were inspected. */
  contentTypes: Set<string>;
  /** Every request with its status, `METHOD url → status`. */
  answered: string[];
}

/** Values for path parameters, by name; routes with both subjectType and subjectId take pairs. */
export interface ParamSource {
  values(name: string): string[];
  subjects: Array<{ subjectType: string; subjectId: string }>;
}

/** A search term that finds canaries by substring but is not itself one (it lacks the C). */
export const SEARCH_PROBE = 'ANARY';

const SESSION_ROUTES = /^\/(sign-in|sign-out|confirm-code)(\/|$)/;
const MAX_COMBINATIONS = 40;

/** Concrete paths for a route pattern, from the parameter source. */
export function pathsFor(url: string, params: ParamSource): string[] {
  const names = [...url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  if (names.length === 0) return [url];
  const fill = (values: Record<string, string>) =>
    url.replace(/:([A-Za-z_]+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
  if (names.includes('subjectType') && names.includes('subjectId')) {
    return params.subjects.map((s) => fill(s));
  }
  let combos: Array<Record<string, string>> = [{}];
  for (const name of names) {
    const values = params.values(name);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
    combos = combos.slice(0, MAX_COMBINATIONS);
  }
  return combos.map(fill);
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/gi, '/')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');

const internal = (href: string): string | null => {
  const url = decode(href).split('#')[0]!;
  if (!url.startsWith('/') || url.startsWith('//') || url.startsWith('/assets/')) return null;
  return url;
};

const attr = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];

/** Links, and GET forms submitted with their defaults and the search probe in text boxes. */
export function linksIn(html: string, from: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/\shref="([^"]+)"/g)) {
    const url = internal(match[1]!);
    if (url) found.push(url);
  }
  for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const method = (attr(form[1]!, 'method') ?? 'get').toLowerCase();
    if (method !== 'get') continue;
    const action = internal(attr(form[1]!, 'action') ?? from.split('?')[0]!);
    if (!action) continue;
    const query = new URLSearchParams();
    for (const field of form[2]!.matchAll(/<(input|select|textarea)\b([^>]*)>/gi)) {
      const name = attr(field[2]!, 'name');
      if (!name || query.has(name)) continue;
      const type = (attr(field[2]!, 'type') ?? 'text').toLowerCase();
      if (field[1]!.toLowerCase() === 'select') {
        const rest = form[2]!.slice(field.index + field[0].length);
        const option = /<option\b[^>]*\svalue="([^"]+)"/i.exec(rest);
        query.set(name, decode(option?.[1] ?? ''));
      } else if (['hidden', 'radio', 'checkbox'].includes(type)) {
        query.set(name, decode(attr(field[2]!, 'value') ?? ''));
      } else if (['text', 'search'].includes(type) || field[1]!.toLowerCase() === 'textarea') {
        query.set(name, SEARCH_PROBE);
      }
    }
    found.push(`${action}${query.size ? `?${query.toString()}` : ''}`);
  }
  return found;
}

/**
 * The reason forms of identifiable downloads in a page (a POST form with an `exportReason`
 * field): where each is sent, and its hidden fields (the download's filters), CSRF token aside.
 */
export function downloadFormsIn(
  html: string,
  from: string,
): { action: string; fields: [string, string][] }[] {
  const found: { action: string; fields: [string, string][] }[] = [];
  for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    if ((attr(form[1]!, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    if (!/\sname="exportReason"/.test(form[2]!)) continue;
    const action = internal(attr(form[1]!, 'action') ?? from.split('?')[0]!);
    if (!action) continue;
    const fields: [string, string][] = [];
    for (const field of form[2]!.matchAll(/<input\b([^>]*)>/gi)) {
      const name = attr(field[1]!, 'name');
      if (!name || name === '_csrf') continue;
      if ((attr(field[1]!, 'type') ?? '').toLowerCase() !== 'hidden') continue;
      fields.push([name, decode(attr(field[1]!, 'value') ?? '')]);
    }
    found.push({ action, fields });
  }
  return found;
}

/** At most this many identifiable downloads per viewer (each needs a new code: 30 s on). */
const DOWNLOADS_PER_VIEWER = 6;

const SPREADSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * The text of a spreadsheet (XLSX): its properties, sheet names and the text of every cell
 * and note. The file is a zip archive, so searching its bytes would never find a canary.
 * A spreadsheet the crawl cannot read is an error, not a pass.
 */
export async function spreadsheetText(bytes: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer (an ArrayBuffer): hand it a copy of the bytes as one.
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  const parts: string[] = [
    workbook.creator,
    workbook.lastModifiedBy,
    workbook.title,
    workbook.subject,
    workbook.description,
    workbook.keywords,
    workbook.category,
    workbook.company,
    workbook.manager,
  ].filter((p): p is string => typeof p === 'string');
  workbook.eachSheet((sheet) => {
    parts.push(sheet.name);
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        parts.push(cell.text);
        if (typeof cell.hyperlink === 'string') parts.push(cell.hyperlink);
        const note = cell.note;
        if (typeof note === 'string') parts.push(note);
        else if (note) parts.push(...(note.texts ?? []).map((t) => t.text));
      });
    });
  });
  return parts.join('\n');
}

const isSpreadsheet = (response: LightMyRequestResponse) =>
  String(response.headers['content-type'] ?? '').includes(SPREADSHEET) ||
  (/\.xlsx"?$/i.test(String(response.headers['content-disposition'] ?? '')) &&
    response.rawPayload.subarray(0, 4).equals(ZIP_MAGIC));

const PDF_MAGIC = Buffer.from('%PDF-');

/** A PDF (the case summary, a letter, a stored document): its text is not in its bytes. */
const isPdf = (response: LightMyRequestResponse) =>
  response.rawPayload.subarray(0, 5).equals(PDF_MAGIC);

/**
 * What to search in a response's body: the body, plus a spreadsheet's cell text or a PDF's
 * text (read with pdfjs-dist; a PDF it cannot read fails the crawl).
 */
export async function bodyText(response: LightMyRequestResponse): Promise<string> {
  if (isPdf(response)) return `${response.body}\n${await pdfText(response.rawPayload)}`;
  if (!isSpreadsheet(response)) return response.body;
  return `${response.body}\n${await spreadsheetText(response.rawPayload)}`;
}

export async function inspect(
  viewer: string,
  request: string,
  response: LightMyRequestResponse,
): Promise<{ leaks: Leak[]; canaries: string[] }> {
  const leaks: Leak[] = [];
  const canaries: string[] = [];
  const check = (text: string, where: string) => {
    for (const canary of new Set(text.match(CANARY_PATTERN) ?? [])) {
      canaries.push(canary);
      leaks.push({ viewer, request, status: response.statusCode, where, canary });
    }
  };
  check(await bodyText(response), 'body');
  for (const [name, value] of Object.entries(response.headers)) {
    check(`${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`, `header ${name}`);
  }
  return { leaks, canaries };
}

const allowed = (route: RouteListing, roles: readonly Role[]) =>
  'public' in route.access ? true : can(roles, route.access.permission);

/**
 * The shape of a URL, so links that differ only in ids or page numbers count as one kind: the
 * crawl follows a few of each kind (the audit log links to records of its own entries without
 * end; every page of a long list looks alike).
 */
export function linkKind(url: string): string {
  const [path = '', query = ''] = url.split('?');
  const shape = path
    .split('/')
    .map((s) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
        ? ':id'
        : s.includes('%') || /\d/.test(s)
          ? ':x'
          : s,
    )
    .join('/');
  const keys = [...new URLSearchParams(query).entries()]
    .map(([k, v]) => (k === 'page' ? `page=${Number(v) <= 2 ? v : 'n'}` : k))
    .sort()
    .join('&');
  return `${shape}?${keys}`;
}

export interface CrawlOptions {
  /** At most this many requests made by following links (default 600). */
  budget?: number;
  /** At most this many links of one kind (linkKind) are followed (default 4). */
  perKind?: number;
  /** Only these routes (default: every registered route). */
  routes?: (route: RouteListing) => boolean;
  /** Send the POST routes too (default true). */
  posts?: boolean;
  /** Skip the routes the viewer's roles refuse (their 403 pages were seen already). */
  allowedOnly?: boolean;
}

const API_PREFIX = '/api/v1/';

/** The API's own links in a JSON answer (`links.self`, `links.next`, …): followed like hrefs. */
export function apiLinksIn(body: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (depth > 12) return;
    if (typeof value === 'string') {
      if (value.startsWith(API_PREFIX)) found.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, depth + 1));
    else if (value && typeof value === 'object')
      Object.values(value).forEach((v) => walk(v, depth + 1));
  };
  try {
    walk(JSON.parse(body), 0);
  } catch {
    // Not JSON after all: nothing to follow.
  }
  return found;
}

/** Crawls the app as one viewer. */
export async function crawl(
  app: FastifyInstance,
  viewer: Viewer,
  params: ParamSource,
  options: CrawlOptions = {},
): Promise<CrawlResult> {
  const budget = options.budget ?? 600;
  const perKind = options.perKind ?? 4;
  const kinds = new Map<string, number>();
  const result: CrawlResult = {
    viewer: viewer.label,
    leaks: [],
    requests: 0,
    visited: [],
    seen: new Set(),
    serverErrors: [],
    unvisited: [],
    sampledOut: 0,
    contentTypes: new Set(),
    answered: [],
  };
  const requested = new Set<string>();
  const queue: string[] = [];
  /** Reason forms of downloads seen, and the downloads made (by their address). */
  const pending: { action: string; fields: [string, string][] }[] = [];
  const downloaded = new Set<string>();

  const record = async (key: string, response: LightMyRequestResponse) => {
    result.requests += 1;
    result.visited.push(key);
    result.answered.push(`${key} → ${response.statusCode}`);
    const { leaks, canaries } = await inspect(viewer.label, key, response);
    result.leaks.push(...leaks);
    for (const c of canaries) result.seen.add(c);
    if (response.statusCode >= 500) result.serverErrors.push(`${key}: ${response.statusCode}`);
    // Every FHIR bundle answered is validated (R4 and the UK Core claims): an invalid one is a defect.
    if (
      response.statusCode === 200 &&
      /^application\/fhir\+json/.test(String(response.headers['content-type']))
    ) {
      try {
        validateBundle(JSON.parse(response.body));
      } catch (error) {
        result.serverErrors.push(`${key}: invalid FHIR bundle: ${String(error).slice(0, 2000)}`);
      }
    }
    const location = response.headers.location;
    if (typeof location === 'string') {
      const next = internal(location);
      if (next) queue.push(next);
    }
    const type = String(response.headers['content-type'] ?? '');
    if (type) result.contentTypes.add(type.split(';')[0]!.trim());
    if (type.includes('html')) queue.push(...linksIn(response.body, key.replace(/^\S+ /, '')));
    if (type.includes('html') && response.statusCode === 200) {
      pending.push(...downloadFormsIn(response.body, key.replace(/^\S+ /, '')));
    }
    if (type.startsWith('application/json')) queue.push(...apiLinksIn(response.body));
  };

  /** A call to the API carries the viewer's token instead of their cookie. */
  const headersOf = (url: string, session: CrawlSession) =>
    url.startsWith(API_PREFIX) && viewer.api ? { ...viewer.api } : { cookie: session.cookie };

  const get = async (url: string) => {
    const key = `GET ${url}`;
    if (requested.has(key)) return;
    requested.add(key);
    const session = SESSION_ROUTES.test(url) ? await viewer.freshSession() : viewer.session;
    await record(key, await app.inject({ method: 'GET', url, headers: headersOf(url, session) }));
    await download();
  };

  /** The downloads whose reason pages were read: sent with a reason and a fresh code. */
  const download = async () => {
    while (pending.length) {
      const form = pending.shift()!;
      if (!viewer.freshCode || options.posts === false) continue;
      if (downloaded.has(form.action) || downloaded.size >= DOWNLOADS_PER_VIEWER) continue;
      downloaded.add(form.action);
      const { cookie, csrfToken } = viewer.session;
      const payload = new URLSearchParams([
        ...form.fields,
        ['_csrf', csrfToken],
        ['exportReason', 'Boundary crawl'],
        ['stepUpCode', viewer.freshCode()],
      ]).toString();
      await record(
        `POST ${form.action} (download with a reason)`,
        await app.inject({
          method: 'POST',
          url: form.action,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload,
        }),
      );
    }
  };

  const post = async (method: string, url: string, withCsrf: boolean) => {
    const key = `${method} ${url}${withCsrf ? '' : ' (no CSRF token)'}`;
    if (requested.has(key)) return;
    requested.add(key);
    const session = SESSION_ROUTES.test(url) ? await viewer.freshSession() : viewer.session;
    await record(
      key,
      await app.inject({
        method: method as 'POST',
        url,
        headers:
          url.startsWith(API_PREFIX) && viewer.api
            ? { ...headersOf(url, session), 'content-type': 'application/json' }
            : { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload:
          url.startsWith(API_PREFIX) && viewer.api
            ? withCsrf
              ? '{}'
              : '{"body": ""}'
            : withCsrf
              ? `_csrf=${encodeURIComponent(session.csrfToken)}`
              : '',
      }),
    );
  };

  for (const route of listRoutes(app)) {
    if (options.routes && !options.routes(route)) continue;
    const mayUse = allowed(route, viewer.roles);
    if (options.allowedOnly && !mayUse) continue;
    const paths = pathsFor(route.url, params);
    // A refused route is asked once: its 403 page is inspected, its variants add nothing.
    const chosen = mayUse ? paths : paths.slice(0, 1);
    for (const path of chosen) {
      if (route.method === 'GET') {
        await get(path);
      } else if (options.posts !== false && route.method !== 'HEAD') {
        await post(route.method, path, true);
        // Without a token the guard refuses before any handler runs: once per route is enough.
        if (path === paths[0]) await post(route.method, path, false);
      }
    }
    if (mayUse && route.method === 'GET' && paths[0]) {
      await get(`${paths[0]}${paths[0].includes('?') ? '&' : '?'}page=2`);
    }
  }
  // Error pages for paths that match nothing.
  const someCase = params.values('caseId')[0] ?? 'x';
  await get('/no-such-page');
  await get(`/cases/${someCase}/no-such-page`);
  // API clients get problem+json instead (src/web/errors.ts): those bodies are inspected too.
  await get('/api/no-such-resource');
  await get(`/api/cases/${someCase}?q=${SEARCH_PROBE}`);
  if (options.posts !== false) await post('POST', `/api/cases/${someCase}`, true);
  // Search (docs/search.md) takes its terms in a POSTed body: the probe, and terms that find
  // every fixture case (the test people's name and date of birth) with their second page; the
  // results' links (cases, requests, access logs, a person's history) are followed below.
  if (options.posts !== false) {
    for (const q of [SEARCH_PROBE, 'Testy McTestface', '3/2/1999']) {
      for (const page of ['1', '2']) {
        const key = `POST /search q=${q} page=${page}`;
        if (requested.has(key)) continue;
        requested.add(key);
        await record(
          key,
          await app.inject({
            method: 'POST',
            url: '/search',
            headers: { cookie: viewer.session.cookie },
            payload: { _csrf: viewer.session.csrfToken, q, page },
          }),
        );
      }
    }
  }

  let followed = 0;
  while (queue.length) {
    const next = queue.shift()!;
    if (requested.has(`GET ${next}`)) continue;
    const kind = linkKind(next);
    const ofKind = kinds.get(kind) ?? 0;
    if (ofKind >= perKind) {
      result.sampledOut += 1;
      continue;
    }
    kinds.set(kind, ofKind + 1);
    if (followed >= budget) {
      result.unvisited.push(next);
      continue;
    }
    followed += 1;
    await get(next);
  }
  result.unvisited = [...new Set(result.unvisited)];
  return result;
}

/** One line per leak, for an assertion message. */
export const describeLeaks = (leaks: Leak[], describe: (canary: string) => string) =>
  leaks
    .map(
      (l) =>
        `${l.viewer}: ${l.request} → ${l.status}, ${l.where}: ${l.canary} (${describe(l.canary)})`,
    )
    .join('\n');
