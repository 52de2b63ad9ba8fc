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

/** The HTML tables of a page, by caption: header row, then rows of cell texts. */
export function tablesFromHtml(html: string): Map<string, string[][]> {
  const tables = new Map<string, string[][]>();
  for (const match of html.matchAll(/<table[\s\S]*?<\/table>/g)) {
    const table = match[0];
    const caption = decode(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? '');
    const rows = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
      [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => decode(cell[1]!)),
    );
    tables.set(caption, rows);
  }
  return tables;
}
