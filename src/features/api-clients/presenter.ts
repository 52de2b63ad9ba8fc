import { API_SCOPE_LABELS, API_SCOPES, SCOPES_OF_SIDE } from '../../domain/api-scopes.ts';
import { ROLE_LABELS, SIDE_LABELS, SIDES, isRole } from '../../domain/roles.ts';
import type { FormErrors } from '../../web/forms.ts';
import { roleFieldsView } from '../admin/presenter.ts';
import type { ClientRow } from './client-service.ts';
import { TOKEN_PATH } from './paths.ts';

type Values = Record<string, unknown>;
interface HubOption {
  code: string;
  name: string;
  status: string;
}

const errorParts = (errors?: FormErrors) => ({
  errorSummary: errors?.summary ?? [],
  errors: errors?.byField ?? {},
});

const day = (date: Date) =>
  date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

/** "Case officer in WM", "Analyst": an assignment code as people read it. */
function assignmentText(code: string): string {
  const [role, hub] = code.split(':', 2);
  const label = isRole(role) ? ROLE_LABELS[role] : role!;
  return hub ? `${label} in ${hub}` : label;
}

const statusTag = (c: ClientRow) =>
  c.disabledAt
    ? { text: 'Disabled', classes: 'govuk-tag--grey' }
    : { text: 'Active', classes: 'govuk-tag--green' };

const NOTICES: Record<string, string> = {
  created:
    'API client added. Give its operator the client id below; they keep the private key, Cicero never sees it.',
  disabled: 'API client disabled. Its access tokens were revoked at once.',
};

export function clientsPage(input: { clients: ClientRow[]; notice?: string }) {
  return {
    title: 'API clients',
    notice: input.notice ? (NOTICES[input.notice] ?? null) : null,
    rows: input.clients.map((c) => ({
      href: `/admin/api-clients/${c.clientId}`,
      name: c.name,
      organisation: c.organisation,
      side: c.side ? SIDE_LABELS[c.side] : 'None',
      scopes: c.scopes.join(', '),
      status: statusTag(c),
    })),
  };
}

export function clientPage(input: { client: ClientRow; notice?: string }) {
  const c = input.client;
  return {
    title: c.name,
    notice: input.notice ? (NOTICES[input.notice] ?? null) : null,
    status: statusTag(c),
    rows: [
      ['Client id', c.clientId],
      ['Organisation', c.organisation],
      ['Side', c.side ? SIDE_LABELS[c.side] : 'None'],
      ['Roles', c.assignments.map(assignmentText).join('; ') || 'None'],
      ['Scopes', c.scopes.join(', ')],
      ['May name the person acting', c.mayActForUsers ? 'Yes' : 'No'],
      ['Key id', c.keyId],
      ['Added', day(c.createdAt)],
      ...(c.disabledAt ? [['Disabled', day(c.disabledAt)]] : []),
    ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
    tokenPath: TOKEN_PATH,
    disableAction: `/admin/api-clients/${c.clientId}/disable`,
    canDisable: c.disabledAt === null,
  };
}

/** Which scopes each side may hold, for the hint under the scopes. */
const SCOPES_HINT = `Only what the client needs. ${SIDES.filter((s) => SCOPES_OF_SIDE[s].length)
  .map((s) => `A ${SIDE_LABELS[s]} client may have ${SCOPES_OF_SIDE[s].join(', ')}`)
  .join('; ')}. A scope never grants more than the client's roles allow.`;

const many = (values: Values, key: string): string[] => {
  const v = values[key];
  return Array.isArray(v)
    ? v.filter((x) => typeof x === 'string')
    : typeof v === 'string'
      ? [v]
      : [];
};
const text = (values: Values, key: string): string => {
  const v = values[key];
  return typeof v === 'string' ? v : '';
};

export function clientFormPage(input: { values: Values; hubs: HubOption[]; errors?: FormErrors }) {
  const v = input.values;
  const acting =
    typeof v.mayActForUsers === 'boolean'
      ? v.mayActForUsers
        ? 'yes'
        : 'no'
      : text(v, 'mayActForUsers');
  return {
    title: 'Add an API client',
    ...errorParts(input.errors),
    name: text(v, 'name'),
    organisation: text(v, 'organisation'),
    publicKey: text(v, 'publicKey'),
    ...roleFieldsView(v, input.hubs),
    scopesHint: SCOPES_HINT,
    scopeItems: API_SCOPES.map((s, i) => ({
      value: s,
      text: s,
      hint: { text: API_SCOPE_LABELS[s] },
      ...(i === 0 ? { id: 'scopes' } : {}),
    })),
    scopes: many(v, 'scopes'),
    actingItems: [
      {
        value: 'yes',
        text: 'Yes: the client may name a user of its side (their own access then applies)',
        checked: acting === 'yes',
      },
      { value: 'no', text: 'No: it always acts as itself', checked: acting === 'no' },
    ],
  };
}
