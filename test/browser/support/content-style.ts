import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/**
 * The content style check (issue 18), run with axe on every page the browser tests visit:
 *
 * - the title names the page, then the service: "Cases – Cicero – Vulnerability Support
 *   Service" ("Error: " first on a form with errors), with no part repeated; only the start page,
 *   whose heading is the service's name, has no page part;
 * - headings in the main content start at h1 and never skip a level going down (the error
 *   summary's and a notification banner's own headings, above the h1, are GOV.UK's);
 * - every "Change" link ends with visually hidden words saying what it changes, in words (no
 *   code names such as legalBasis or nhs_number);
 * - no ISO date (2026-12-16) and no raw id (a UUID) in the visible text of the page.
 *
 * Returns the problems found, one line each (none: the page passes).
 */
export const SERVICE_TITLE = 'Cicero – Vulnerability Support Service';

/**
 * The check, run in the page: plain JavaScript in a string (the tests are compiled without the
 * DOM's types), raw so its regular expressions keep their backslashes.
 */
const CHECK = String.raw`((service) => {
  const problems = [];
  const visible = (el) => {
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden' && !el.closest('[hidden]');
  };
  const quote = (text) => '"' + text + '"';

  // 1. The title: the page, then the service, nothing repeated.
  const title = document.title.trim();
  const main = document.querySelector('main');
  const h1 = (main && main.querySelector('h1') ? main.querySelector('h1').textContent : '').trim();
  const withoutError = title.replace(/^Error: /, '');
  if (!withoutError.endsWith(service)) {
    problems.push('title ' + quote(title) + ' does not end with the service (' + quote(service) + ')');
  } else {
    const pagePart = withoutError.slice(0, -service.length).replace(/ – $/, '').trim();
    if (!pagePart && h1 !== 'Cicero') {
      problems.push('title ' + quote(title) + ' does not name the page before the service');
    }
    const parts = withoutError.split(' – ').map((p) => p.trim().toLowerCase());
    const repeated = parts.filter((p, i) => parts.indexOf(p) !== i);
    if (repeated.length) problems.push('title ' + quote(title) + ' repeats ' + quote(repeated.join(', ')));
    if (pagePart && /\bcicero\b/i.test(pagePart) && !/\bcicero\b/i.test(h1)) {
      problems.push('title ' + quote(title) + ' names the service in the page part');
    }
  }

  // 2. Headings: h1 first in the main content, no level skipped going down.
  if (main) {
    const headings = [...main.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(
      (h) => visible(h) && !h.closest('.govuk-error-summary, .govuk-notification-banner'),
    );
    let previous = 0;
    for (const heading of headings) {
      const level = Number(heading.tagName.slice(1));
      const text = quote((heading.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60));
      if (previous === 0 && level !== 1) {
        problems.push('the first heading is h' + level + ' (' + text + '), not h1');
      } else if (previous !== 0 && level > previous + 1) {
        problems.push('heading h' + level + ' (' + text + ') skips a level after h' + previous);
      }
      previous = level;
    }
    if (headings.length === 0) problems.push('the main content has no heading');
  }

  // 3. "Change" links say what they change, in words.
  for (const link of document.querySelectorAll('a, button')) {
    const shown = [...link.childNodes]
      .filter((n) => !(n.nodeType === 1 && n.classList.contains('govuk-visually-hidden')))
      .map((n) => n.textContent || '')
      .join('')
      .trim();
    if (!/^Change$/i.test(shown)) continue;
    const hiddenNode = link.querySelector('.govuk-visually-hidden');
    const hidden = hiddenNode ? hiddenNode.textContent.trim() : '';
    const where = link.getAttribute('href') || 'a button';
    if (!hidden) problems.push('a "Change" link (' + where + ') has no hidden text');
    else if (/[a-z][A-Z]|_/.test(hidden)) {
      problems.push('a "Change" link' + "'" + 's hidden text is a code name: "Change ' + hidden + '"');
    }
  }

  // 4. No ISO dates and no raw ids in what people read.
  const text = document.body.innerText;
  const iso = text.match(/\b\d{4}-\d{2}-\d{2}\b/g);
  if (iso) problems.push('ISO dates in the page text: ' + [...new Set(iso)].slice(0, 3).join(', '));
  const uuid = text.match(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi);
  if (uuid) problems.push('raw ids in the page text: ' + [...new Set(uuid)].slice(0, 3).join(', '));
  return problems;
})`;

export async function contentStyleProblems(page: Page): Promise<string[]> {
  const problems: unknown = await page.evaluate(`${CHECK}(${JSON.stringify(SERVICE_TITLE)})`);
  assert.ok(Array.isArray(problems), 'the content style check ran');
  return problems.map(String);
}
