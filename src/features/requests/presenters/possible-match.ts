import type { FieldErrors } from '../../../web/form-fields.ts';
import type { OfficerMatchView } from '../service.ts';
import { urls } from '../urls.ts';
import { errorFor, errorSummary, formatDate } from './format.ts';

export const NOT_LINKED = 'none';

/**
 * After "About the person": the officer's own earlier requests for a likely match, to link
 * as a re-referral; of anyone else only that a possible match exists and the hub will check.
 */
export function possibleMatchPage({
  draftId,
  view,
  chosen,
  errors,
}: {
  draftId: string;
  view: Extract<OfficerMatchView, { kind: 'possible' }>;
  chosen: string | undefined;
  errors: FieldErrors;
}) {
  const asksToLink = view.earlierRequests.length > 0;
  return {
    title: asksToLink
      ? 'Is this a person you have requested support for before?'
      : 'A possible match exists',
    action: urls.possibleMatch(draftId),
    backHref: urls.section(draftId, 'person'),
    errorSummary: errorSummary(errors),
    othersExist: view.othersExist,
    link: asksToLink
      ? {
          errorMessage: errorFor(errors, 'linkCaseId'),
          items: [
            ...view.earlierRequests.map((e) => ({
              value: e.caseId,
              text: `Yes, the person in ${e.reference}`,
              hint: { text: `You requested support on ${formatDate(e.requestedAt)}` },
              checked: chosen === e.caseId,
            })),
            { divider: 'or' },
            { value: NOT_LINKED, text: 'No, this is someone else', checked: chosen === NOT_LINKED },
          ],
        }
      : null,
  };
}
