import { transition, type CaseAction, type CaseState } from './case-state.ts';

/**
 * Whether a document may be added to a case now (issue 13). Not a rule of its own: adding a
 * clinician's document is recording clinical work (the `record_work` step, as for contacts and
 * notes), and adding one to the officer's request is a police update (`add_police_update`), so
 * the case's state machine answers, with its reason. Who may add is the access core's
 * (`workHealth`, `addPoliceUpdate`); this is only what the case's state allows.
 */

export type DocumentCompartmentCode = 'health' | 'police';

const ACTION: Record<DocumentCompartmentCode, CaseAction> = {
  health: 'record_work',
  police: 'add_police_update',
};

/** Why a document may not be added to a case in this state; null when it may. */
export function documentUploadRefusal(
  compartment: DocumentCompartmentCode,
  state: CaseState,
): string | null {
  const step = transition(state, ACTION[compartment]);
  return step.ok ? null : step.reason;
}
