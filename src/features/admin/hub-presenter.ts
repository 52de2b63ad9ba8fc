import { CHOSEN_HUB_STATUSES, type HubStatus } from '../../domain/hubs.ts';
import { labelOf } from '../../domain/reference/list.ts';
import { CT_REGIONS, POLICE_FORCES } from '../../domain/reference/policing.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { HubRecord } from './hub-service.ts';

type Values = Record<string, unknown>;

const HUB_STATUS_LABELS: Record<HubStatus, string> = {
  pilot: 'Pilot',
  live: 'Live',
  retired: 'Retired',
};
const STATUS_TAGS: Record<HubStatus, string> = {
  pilot: 'govuk-tag--blue',
  live: 'govuk-tag--green',
  retired: 'govuk-tag--grey',
};

const text = (values: Values, key: string): string => {
  const v = values[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
};
const many = (values: Values, key: string): string[] => {
  const v = values[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
};
const errorParts = (errors?: FormErrors) => ({
  errorSummary: errors?.summary ?? [],
  errors: errors?.byField ?? {},
});

const regionNames = (codes: readonly string[]) => codes.map((c) => labelOf(CT_REGIONS, c as never));
const forceNames = (codes: readonly string[]) =>
  codes.map((c) => labelOf(POLICE_FORCES, c as never));

export function hubsPage(input: { hubs: HubRecord[]; notice?: string }) {
  const notices: Record<string, string> = {
    created: 'Hub added.',
    saved: 'Changes saved.',
    retired: 'Hub retired. It takes no new requests; its cases and users are kept.',
  };
  return {
    title: 'Hubs',
    notice: (input.notice && notices[input.notice]) ?? null,
    rows: input.hubs.map((h) => ({
      code: h.code,
      name: h.name,
      regions: regionNames(h.regions),
      forces: forceNames(h.forces),
      status: HUB_STATUS_LABELS[h.status],
      statusClass: STATUS_TAGS[h.status],
      users: h.users,
      editHref: h.status === 'retired' ? null : `/admin/hubs/${h.id}/edit`,
      retireHref: h.status === 'retired' ? null : `/admin/hubs/${h.id}/retire`,
    })),
  };
}

export function hubFormPage(input: {
  mode: 'create' | 'edit';
  values: Values;
  errors?: FormErrors;
  hubId?: string;
}) {
  const v = input.values;
  const regions = many(v, 'regions');
  const forces = many(v, 'forces');
  return {
    title: input.mode === 'create' ? 'Add a hub' : 'Edit hub',
    mode: input.mode,
    ...errorParts(input.errors),
    action: input.mode === 'create' ? '/admin/hubs' : `/admin/hubs/${input.hubId}`,
    code: text(v, 'code'),
    name: text(v, 'name'),
    version: text(v, 'version'),
    regionItems: CT_REGIONS.map((r, i) => ({
      value: r.code,
      text: r.label,
      checked: regions.includes(r.code),
      ...(i === 0 ? { id: 'regions' } : {}),
    })),
    // By region, so the forces of one region sit together; the hint names the region.
    forceItems: CT_REGIONS.flatMap((r) => POLICE_FORCES.filter((f) => f.region === r.code)).map(
      (f, i) => ({
        value: f.code,
        text: f.label,
        hint: { text: labelOf(CT_REGIONS, f.region) },
        checked: forces.includes(f.code),
        ...(i === 0 ? { id: 'forces' } : {}),
      }),
    ),
    statusItems: CHOSEN_HUB_STATUSES.map((s) => ({
      value: s,
      text: HUB_STATUS_LABELS[s],
      checked: text(v, 'status') === s,
    })),
  };
}

export const hubFormValues = (h: HubRecord): Values => ({
  code: h.code,
  name: h.name,
  regions: h.regions,
  forces: h.forces,
  status: h.status,
  version: String(h.version),
});

export function hubConflictPage(input: {
  current: HubRecord;
  yours: { code: string; name: string; regions: string[]; forces: string[]; status: HubStatus };
}) {
  const c = input.current;
  const y = input.yours;
  return {
    title: 'This hub was changed since you opened it',
    intro:
      'Someone else saved changes to this hub after you opened the form. Nothing you entered has been saved. Compare the two versions, then open the current version and make your changes again.',
    rows: [
      ['Code', y.code, c.code],
      ['Name', y.name, c.name],
      ['Regions', regionNames(y.regions).join(', '), regionNames(c.regions).join(', ')],
      ['Police forces', forceNames(y.forces).join(', '), forceNames(c.forces).join(', ')],
      ['Status', HUB_STATUS_LABELS[y.status], HUB_STATUS_LABELS[c.status]],
    ].map(([field, yours, current]) => ({ field, yours, current })),
    reopenHref: c.status === 'retired' ? '/admin/hubs' : `/admin/hubs/${c.id}/edit`,
    reopenText: c.status === 'retired' ? 'Back to hubs' : 'Open the current version',
  };
}

/** The confirmation before retiring a hub: what retiring does, and what it keeps. */
export function retireHubPage(input: { hub: HubRecord; errors?: FormErrors }) {
  const h = input.hub;
  return {
    title: `Retire the ${h.name} hub`,
    ...errorParts(input.errors),
    action: `/admin/hubs/${h.id}/retire`,
    version: String(h.version),
    code: h.code,
    forces: forceNames(h.forces),
    users: h.users,
  };
}
