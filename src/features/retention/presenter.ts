import { dateParts, longDate } from '../../domain/dates.ts';
import {
  RETENTION_CLOCK_LABELS,
  RETENTION_CLOCKS,
  type RetentionClock,
} from '../../domain/retention.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { noErrors, type FormErrors } from '../../web/forms.ts';
import { dateErrorOf, dateItems } from '../../web/form-parts.ts';
import type { QueueFilters, QueueRow } from './service.ts';
import { DEATH_SOURCES, type DeathSource } from './tables.ts';

export const retentionUrls = {
  queue: '/retention',
  keep: (caseId: string, clock: RetentionClock) => `/retention/${caseId}/${clock}/keep`,
  death: (caseId: string) => `/cases/${caseId}/date-of-death`,
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The IG officer's queue: the filters, and one row per clock due. */
export function queuePage(input: {
  rows: QueueRow[];
  total: number;
  filters: QueueFilters;
  hubs: { id: string; name: string }[];
}) {
  const { filters } = input;
  return {
    title: 'Records due for retention review',
    total: input.total,
    shown: input.rows.length,
    hubItems: [
      { value: '', text: 'All hubs', selected: !filters.hubId },
      ...input.hubs.map((h) => ({ value: h.id, text: h.name, selected: filters.hubId === h.id })),
    ],
    clockItems: [
      { value: '', text: 'Both clocks', selected: !filters.clock },
      ...RETENTION_CLOCKS.map((c) => ({
        value: c,
        text: RETENTION_CLOCK_LABELS[c],
        selected: filters.clock === c,
      })),
    ],
    rows: input.rows.map((r) => [
      { text: r.reference },
      { text: r.hubName },
      { text: RETENTION_CLOCK_LABELS[r.clock] },
      { text: longDate(r.dueOn) },
      {
        html: `<a class="govuk-link" href="${retentionUrls.keep(r.caseId, r.clock)}">Review<span class="govuk-visually-hidden"> ${escape(RETENTION_CLOCK_LABELS[r.clock].toLowerCase())} of ${escape(r.reference)}</span></a>`,
      },
    ]),
  };
}

/** The keep decision's form. */
export function keepPage(input: {
  item: QueueRow;
  today: string;
  policeReviewYears: number;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const errors = input.errors ?? noErrors;
  const dateError = dateErrorOf(errors.byField, 'nextReviewOn');
  const { item } = input;
  return {
    title: 'Keep the records',
    caption: `${item.reference} – ${RETENTION_CLOCK_LABELS[item.clock]}`,
    backHref: retentionUrls.queue,
    action: retentionUrls.keep(item.caseId, item.clock),
    disposeHref: `/retention/${item.caseId}/${item.clock}/dispose`,
    summaryRows: [
      { key: { text: 'Case' }, value: { text: item.reference } },
      { key: { text: 'Hub' }, value: { text: item.hubName } },
      { key: { text: 'Records' }, value: { text: RETENTION_CLOCK_LABELS[item.clock] } },
      { key: { text: 'Due for review' }, value: { text: longDate(item.dueOn) } },
    ],
    dateHint:
      item.clock === 'police'
        ? `The force reviews police-provided content every ${input.policeReviewYears} years: the next review must be within that period. For example, 27 3 2031`
        : 'A date after today. For example, 27 3 2031',
    errorSummary: errors.summary,
    errors: errors.byField,
    dateError,
    dateItems: dateItems(
      input.values,
      'nextReviewOn',
      { day: '', month: '', year: '' },
      dateError !== undefined,
    ),
    values: { reason: input.values?.reason ?? '' },
  };
}

/** The date of death form on the case. */
export function deathPage(input: {
  header: CaseHeader;
  current: { date_of_death: string | null; date_of_death_source: DeathSource | null };
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const errors = input.errors ?? noErrors;
  const dateError = dateErrorOf(errors.byField, 'dateOfDeath');
  const recorded = input.current.date_of_death;
  const source = input.values?.source ?? input.current.date_of_death_source ?? '';
  return {
    title: recorded ? 'Correct the date of death' : 'Record the date of death',
    caption: input.header.reference,
    backHref: `/cases/${input.header.id}/section/contacts-and-notes`,
    action: retentionUrls.death(input.header.id),
    errorSummary: errors.summary,
    errors: errors.byField,
    dateError,
    dateItems: dateItems(input.values, 'dateOfDeath', dateParts(recorded), dateError !== undefined),
    sources: DEATH_SOURCES.map((s) => ({
      value: s.code,
      text: s.label,
      checked: s.code === source,
    })),
  };
}

/** The panel on the case: the date of death if recorded, and the link to record it. */
export function deathPanel(input: {
  caseId: string;
  dateOfDeath: string | null;
  source: DeathSource | null;
  canRecord: boolean;
}) {
  const source = DEATH_SOURCES.find((s) => s.code === input.source)?.label ?? '';
  return {
    recorded: input.dateOfDeath ? `${longDate(input.dateOfDeath)} (source: ${source})` : null,
    href: input.canRecord ? retentionUrls.death(input.caseId) : null,
    linkText: input.dateOfDeath ? 'Correct the date of death' : 'Record the date of death',
  };
}
