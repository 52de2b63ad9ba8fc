import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { neutraliseCell } from '../audit/csv.ts';
import { exportValue } from './format.ts';
import { dayLabel } from './period.ts';
import { DISCLOSURE_RULE, type PublishedStatistics } from './publish.ts';

/**
 * Downloads of the published tables, after disclosure control (they are made from a
 * PublishedStatistics, so they hold nothing the page does not). Text cells that a spreadsheet
 * would run as a formula are neutralised (OWASP CSV injection); numbers are written as numbers.
 */

const neutral = (value: number | string) =>
  typeof value === 'number' ? value : neutraliseCell(value);

/**
 * Every table as tidy CSV: one line per figure, with the period, scope, table, row and column
 * it belongs to. Hidden figures are `*`; a figure that cannot exist (nothing to divide by) is
 * empty.
 */
export function statisticsCsv(stats: PublishedStatistics): string {
  const header = [
    'period_from',
    'period_to',
    'scope',
    'table_id',
    'table',
    'row',
    'column',
    'value',
  ];
  const lines: (string | number)[][] = [];
  for (const table of stats.tables) {
    for (const row of table.rows) {
      row.cells.forEach((cell, j) => {
        lines.push(
          [
            stats.period.from,
            stats.period.to,
            stats.scopeLabel,
            table.id,
            table.title,
            row.label,
            table.columns[j]!,
            exportValue(cell),
          ].map(neutral),
        );
      });
    }
  }
  return stringify([header, ...lines]);
}

export function statisticsFilename(stats: PublishedStatistics, extension: 'csv' | 'xlsx'): string {
  const scope = stats.hubs.length === 1 ? stats.hubs[0]!.code.toLowerCase() : 'all-hubs';
  return `cicero-statistics-${scope}-${stats.period.from}-to-${stats.period.to}.${extension}`;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetName(id: string, used: Set<string>): string {
  let name = id.replace(/[:\\/?*[\]]/g, '-').slice(0, 31);
  for (let i = 2; used.has(name); i += 1) name = `${id.slice(0, 27)}-${i}`;
  used.add(name);
  return name;
}

/** A workbook: a metadata sheet, then one sheet per table (its title, header row and rows). */
export async function statisticsWorkbook(stats: PublishedStatistics): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Cicero';
  workbook.created = stats.generatedAt;
  const used = new Set<string>();

  const about = workbook.addWorksheet(sheetName('About', used));
  about.columns = [{ width: 28 }, { width: 100 }];
  const meta: [string, string][] = [
    ['Title', 'Vulnerability Support Service statistics'],
    [
      'Period',
      `${dayLabel(stats.period.from)} to ${dayLabel(stats.period.to)} (${stats.period.label})`,
    ],
    ['Hubs', stats.hubs.map((h) => h.name).join(', ') || 'None'],
    ['Open cases judged at', `${stats.asAt.toISOString()} (UTC)`],
    ['Generated at', `${stats.generatedAt.toISOString()} (UTC)`],
    ['Disclosure control', DISCLOSURE_RULE],
    ['Sheets', 'One sheet per table; its definition is in the table list below.'],
  ];
  for (const [k, v] of meta) about.addRow([k, neutraliseCell(v)]);
  about.addRow([]);
  about.addRow(['Sheet', 'Table and definition']).font = { bold: true };
  const names = stats.tables.map((t) => sheetName(t.id, used));
  stats.tables.forEach((table, i) => {
    about.addRow([names[i], neutraliseCell(`${table.title}. ${table.definition}`)]);
  });
  about.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  stats.tables.forEach((table, i) => {
    const sheet = workbook.addWorksheet(names[i]);
    sheet.addRow([neutraliseCell(table.title)]).font = { bold: true, size: 14 };
    sheet.addRow([neutraliseCell(table.definition)]);
    sheet.addRow([]);
    const header = sheet.addRow([table.rowHeader, ...table.columns].map(neutraliseCell));
    header.font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow([
        neutraliseCell(row.label),
        ...row.cells.map((cell) => neutral(exportValue(cell))),
      ]);
      if (row.total) added.font = { bold: true };
    }
    sheet.getColumn(1).width = 48;
    for (let c = 2; c <= table.columns.length + 1; c += 1) sheet.getColumn(c).width = 18;
  });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
