import { urls } from '../urls.ts';

/** "Request sent" with the reference and what happens next. */
export function confirmationPage(
  sent: { reference: string; hubName: string; urgency: 'routine' | 'urgent' },
  caseId: string,
) {
  return {
    title: 'Request sent',
    reference: sent.reference,
    hubName: sent.hubName,
    urgent: sent.urgency === 'urgent',
    requestHref: urls.request(caseId),
    myRequestsHref: urls.myRequests(),
    guidanceHref: urls.guidance(),
  };
}
