/**
 * Reading published figures back: the CSV download and the HTML tables of the page. Used by
 * the tests (and handy to anyone checking a download); no dependency beyond the platform.
 */

/** RFC 4180 CSV (as csv-stringify writes it) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** table id → row label → column → value, from the tidy CSV download. */
export type Figures = Map<string, Map<string, Map<string, string>>>;

export function figuresFromCsv(text: string): Figures {
  const [header, ...lines] = parseCsv(text);
  const at = (name: string) => header!.indexOf(name);
  const figures: Figures = new Map();
  for (const line of lines) {
    const id = line[at('table_id')]!;
    const rows = figures.get(id) ?? new Map<string, Map<string, string>>();
    figures.set(id, rows);
    const cells = rows.get(line[at('row')]!) ?? new Map<string, string>();
    rows.set(line[at('row')]!, cells);
    if (cells.has(line[at('column')]!)) {
      throw new Error(`${id}: row "${line[at('row')]}", column "${line[at('column')]}" twice`);
    }
    cells.set(line[at('column')]!, line[at('value')]!);
  }
  return figures;
}

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();

/** The rows of one HTML table: header row first, then each row's cell texts. */
function rowsOf(table: string): string[][] {
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => decode(cell[1]!)),
  );
}

/** A published table of the statistics page: its id, caption, and chart and table HTML. */
export interface PageTable {
  id: string;
  caption: string;
  /** The chart's SVG, or null when the table has none. */
  chart: string | null;
  rows: string[][];
}

/**
 * The published tables of a statistics page, in page order: each is a block
 * `<div class="cicero-statistic" id="table-<id>">` holding its chart (if any) and its table.
 */
export function pageTables(html: string): PageTable[] {
  const starts = [...html.matchAll(/<div class="cicero-statistic" id="table-([a-z0-9-]+)">/g)];
  return starts.map((start, i) => {
    const block = html.slice(start.index, starts[i + 1]?.index ?? html.length);
    const table = /<table[\s\S]*?<\/table>/.exec(block)?.[0] ?? '';
    return {
      id: start[1]!,
      caption: decode(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? ''),
      chart: /<svg[\s\S]*?<\/svg>/.exec(block)?.[0] ?? null,
      rows: rowsOf(table),
    };
  });
}

/**
 * A figure as the page shows it, in the form of the download: "1,234" is 1234, "12.5%" is
 * 12.5, "12.0" is 12, "–" (nothing to show) is empty, "*" stays. Anything else is not a
 * published figure, and throws.
 */
export function figureFromDisplay(text: string): string {
  if (text === '*') return '*';
  if (text === '–') return '';
  if (!/^\d{1,3}(,\d{3})*(\.\d)?%?$/.test(text)) {
    throw new Error(`not a published figure: "${text}"`);
  }
  return String(Number(text.replace(/[,%]/g, '')));
}

/** The figures of the page's tables, by table id, in the form of figuresFromCsv. */
export function figuresFromHtml(html: string): Figures {
  const figures: Figures = new Map();
  for (const table of pageTables(html)) {
    const [header, ...rows] = table.rows;
    const columns = header!.slice(1);
    const byRow = new Map<string, Map<string, string>>();
    for (const [label, ...cells] of rows) {
      if (byRow.has(label!)) throw new Error(`${table.id}: row "${label}" twice`);
      if (cells.length !== columns.length) throw new Error(`${table.id}: row "${label}" is short`);
      byRow.set(label!, new Map(columns.map((c, j) => [c, figureFromDisplay(cells[j]!)])));
    }
    if (figures.has(table.id)) throw new Error(`table ${table.id} twice`);
    figures.set(table.id, byRow);
  }
  return figures;
}
