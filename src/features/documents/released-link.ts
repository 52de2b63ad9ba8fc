import type { ReleasedItem } from '../disclosures/released.ts';
import { documentUrls } from './presenter.ts';

/**
 * The download of a released document's copy, or null for other items and withdrawn ones.
 * Health to police copies are read by police recipients (/requests), police to health copies
 * by the hub's clinicians (/cases); both routes apply the released items' rule of who sees it.
 */
export function releasedDocumentHref(item: ReleasedItem): string | null {
  if (item.text === null) return null;
  if (item.sourceTable !== 'health_documents' && item.sourceTable !== 'police_documents') {
    return null;
  }
  return item.direction === 'health_to_police'
    ? documentUrls.releasedForPolice(item.caseId, item.id)
    : documentUrls.releasedForHealth(item.caseId, item.id);
}
