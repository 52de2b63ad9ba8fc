import { STATE_LABELS } from '../../domain/case-state.ts';
import { formatDate } from '../../web/format.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { OfficerRequests, OfficerWithRequests } from './service.ts';

export const REASSIGN_NOTICES = {
  reassigned:
    'The requests were passed to the case officer you chose. Both officers have been told.',
  none: 'That officer has no open requests in your hub any more: nothing was passed on.',
} as const;

export const officerHref = (officerId: string) => `/supervision/officers/${officerId}`;

/** The case officers with open requests in the lead's hubs. */
export function officersPage(officers: OfficerWithRequests[], notice: string | null) {
  return {
    title: "Pass a case officer's requests to another officer",
    notice,
    rows: officers.map((o) => ({
      name: o.name,
      status: o.active ? null : 'Account disabled',
      openRequests: o.openRequests,
      href: officerHref(o.id),
    })),
  };
}

/** One officer's open requests and the choice of who takes them. */
export function reassignPage(
  data: OfficerRequests,
  form: { to?: string; errors?: FormErrors } = {},
) {
  const count = data.requests.length;
  return {
    title: `Pass ${data.officer.name}'s open requests to another case officer`,
    errorSummary: form.errors?.summary ?? [],
    errors: form.errors?.byField ?? {},
    backHref: '/supervision/officers',
    officerStatus: data.officer.active ? null : 'This account is disabled.',
    countText: `${count} open ${count === 1 ? 'request' : 'requests'}`,
    rows: data.requests.map((r) => ({
      reference: r.reference,
      href: `/supervision/${r.caseId}`,
      personName: r.personName,
      status: {
        text: STATE_LABELS[r.status].text,
        classes: `govuk-tag--${STATE_LABELS[r.status].colour}`,
      },
      requestedOn: formatDate(r.requestedAt),
    })),
    candidateItems: data.candidates.map((c, i) => ({
      value: c.id,
      text: c.name,
      checked: form.to === c.id,
      ...(i === 0 ? { id: 'to' } : {}),
    })),
    action: officerHref(data.officer.id),
  };
}
