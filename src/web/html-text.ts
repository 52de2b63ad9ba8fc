import type { PdfBlock } from './pdf.ts';

/**
 * The text a person reads on one of our own rendered pages (autoescaped Nunjucks output), as
 * blocks to print: headings, and one line per paragraph, list item, summary-list row ("Key:
 * value") and table row (cells joined by " | "). What is not read on paper is left out: forms,
 * buttons, scripts, navigation, visually hidden text and summary-list actions ("Change").
 *
 * This is not a general HTML parser: it reads the markup the GOV.UK and MoJ macros and our
 * templates produce, so the printed summary is made from the same panels as the case page.
 */
export function htmlToBlocks(html: string): PdfBlock[] {
  const blocks: PdfBlock[] = [];
  let line = '';
  let skip: { tag: string; depth: number } | null = null;
  let heading: PdfBlock['kind'] | null = null;
  let cell = false;

  const flush = () => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text) blocks.push({ kind: heading ?? 'text', text });
    line = '';
  };

  const tokens = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)/g;
  for (const match of html.matchAll(tokens)) {
    const [, closing, rawTag, attributes = '', text] = match;
    if (text !== undefined) {
      if (!skip) line += decodeEntities(text);
      continue;
    }
    if (!rawTag) continue; // a comment
    const tag = rawTag.toLowerCase();
    const selfClosing = attributes.trim().endsWith('/') || VOID.has(tag);
    if (skip) {
      if (tag === skip.tag && !selfClosing) skip.depth += closing ? -1 : 1;
      if (skip.depth === 0) skip = null;
      continue;
    }
    if (!closing && skipped(tag, attributes)) {
      if (!selfClosing) skip = { tag, depth: 1 };
      continue;
    }
    if (tag === 'br') {
      flush();
      continue;
    }
    if (HEADINGS[tag]) {
      flush();
      heading = closing ? null : HEADINGS[tag];
      continue;
    }
    if (tag === 'dd' && !closing) {
      if (line.trim()) line = `${line.trim()}: `;
      continue;
    }
    if ((tag === 'td' || tag === 'th') && !closing) {
      if (cell && line.trim()) line = `${line.trim()} | `;
      cell = true;
      continue;
    }
    if (tag === 'tr') cell = false;
    // A summary-list key stays on the line of its value.
    if (BLOCK.has(tag) && !(tag === 'dt' && closing)) flush();
  }
  flush();
  return blocks;
}

const HEADINGS: Record<string, PdfBlock['kind']> = {
  h1: 'title',
  h2: 'heading',
  h3: 'subheading',
  h4: 'subheading',
  h5: 'subheading',
  h6: 'subheading',
};

const BLOCK = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'table',
  'thead',
  'tbody',
  'tr',
  'caption',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'details',
  'summary',
  'blockquote',
  'pre',
  'hr',
]);

const VOID = new Set(['br', 'img', 'input', 'hr', 'meta', 'link', 'source', 'wbr']);

const SKIPPED_TAGS = new Set([
  'form',
  'button',
  'script',
  'style',
  'nav',
  'svg',
  'template',
  'noscript',
]);

const SKIPPED_CLASSES = [
  'govuk-visually-hidden',
  'govuk-button',
  'govuk-summary-list__actions',
  'govuk-skip-link',
  'govuk-back-link',
  'govuk-summary-card__actions',
  'cicero-no-print',
];

function skipped(tag: string, attributes: string): boolean {
  if (SKIPPED_TAGS.has(tag)) return true;
  if (/\shidden(\s|=|$)/.test(attributes)) return true;
  const classes = /class="([^"]*)"/.exec(attributes)?.[1]?.split(/\s+/) ?? [];
  return classes.some((c) => SKIPPED_CLASSES.includes(c));
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  pound: '£',
  rsquo: '’',
  lsquo: '‘',
  ldquo: '“',
  rdquo: '”',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  middot: '·',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (!name.startsWith('#')) return NAMED[name] ?? whole;
    const hex = name[1] === 'x' || name[1] === 'X';
    const code = parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '?';
  });
}
