import type { CaseHeader } from '../../access/case-context.ts';
import type { AdviceItem } from '../advice/service.ts';
import type { ClosureSummary } from '../closure/feedback.ts';
import type { ConsentEntry } from '../consent/service.ts';
import type { ReleasedItem } from '../disclosures/released.ts';
import type { LiaisonContact } from '../liaison/service.ts';
import type { PlanVersion } from '../plans/read.ts';

/**
 * What one viewer may see of a case, as the FHIR presenters take it: each part is null (or
 * empty) unless the access core lets this viewer see it (service.ts decides, from `can` and
 * `visibility` of the opened case, never from roles).
 */
export interface CaseExport {
  header: Pick<
    CaseHeader,
    'id' | 'reference' | 'hubName' | 'status' | 'urgency' | 'requestedAt' | 'closedAt'
  >;
  /** The person as police described them (police compartment). */
  person: {
    givenName: string;
    familyName: string;
    otherNames: string | null;
    dateOfBirth: string;
    nhsNumber: string | null;
    gender: string;
  } | null;
  /** The request (police compartment). */
  request: {
    pcmtReference: string;
    submittedAt: Date;
    concernsSeen: string;
    supportReason: string;
  } | null;
  /** Advice to the case officer and the closure summary (shared compartment). */
  shared: { advice: AdviceItem[]; closureSummary: ClosureSummary | null } | null;
  /** The health record: consent history, the current plan, liaison contacts. */
  health: {
    consents: ConsentEntry[];
    plan: PlanVersion | null;
    liaison: LiaisonContact[];
  } | null;
  /** Released copies the viewer may see (shared, filtered per recipient). */
  released: ReleasedItem[];
}

/** How a bundle is stamped: its id, when it was made, and where entries' uuids come from. */
export interface BundleStamp {
  id: string;
  at: Date;
  uuid: () => string;
}
