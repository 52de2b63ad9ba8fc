import { SUPPRESSED } from '../../domain/disclosure-control.ts';
import type { Cell, CellKind } from './publish.ts';

/** Decimal places shown for each kind of figure, on pages and in downloads alike. */
// Percentages are whole numbers: they come from figures rounded to 5, so a decimal place would be
// false precision.
const DECIMALS: Record<CellKind, number> = { count: 0, percent: 0, days: 1, score: 1, cases: 1 };

/** The figure as a plain number (downloads), `*` when hidden, empty when there is none. */
export function exportValue(cell: Cell): number | string {
  if (cell.value === null) return '';
  if (cell.value === SUPPRESSED) return SUPPRESSED;
  const factor = 10 ** DECIMALS[cell.kind];
  return Math.round(cell.value * factor) / factor;
}

// One formatter per number of decimals: building an Intl formatter per figure cost ~20 ms on a
// ten-year page (toLocaleString with options makes a new one each call).
const FORMATTERS = new Map<number, Intl.NumberFormat>();
const formatter = (decimals: number) => {
  let made = FORMATTERS.get(decimals);
  if (!made) {
    made = new Intl.NumberFormat('en-GB', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    FORMATTERS.set(decimals, made);
  }
  return made;
};

/** The figure for people: thousands separated, a percent sign, a dash when there is none. */
export function displayValue(cell: Cell): string {
  const value = exportValue(cell);
  if (value === '') return '–';
  if (value === SUPPRESSED) return SUPPRESSED;
  const text = formatter(DECIMALS[cell.kind]).format(value as number);
  return cell.kind === 'percent' ? `${text}%` : text;
}
