/**
 * Rectification (UK GDPR Art 16, issue 15) of a case note: a person says a record about them is
 * inaccurate. The note's author or the hub lead answers the request in one of two ways:
 * - corrected: a new version of the note with the reason (the earlier versions stay readable
 *   to those who could read them: nothing is overwritten);
 * - annotated: the note must stand as written (a clinical opinion held at the time, say), so an
 *   annotation says why and the note becomes restricted.
 * Either way the person's own statement can be attached as text.
 *
 * Restricted means: shown only with a notice and the annotations beside it, and never released
 * (not in a disclosure, an export, a FHIR record or a subject access bundle). Pure: no I/O.
 */

export const RECTIFICATION_OUTCOMES = [
  { code: 'corrected', label: 'Correct the note' },
  { code: 'annotated', label: 'The note must stand: annotate and restrict it' },
] as const;
export type RectificationOutcome = (typeof RECTIFICATION_OUTCOMES)[number]['code'];

export const NOT_AUTHOR_OR_LEAD =
  "Only the note's author or the hub lead can answer a correction request.";

/** Who may answer a correction request on a note: its author, or the hub lead. */
export function rectificationRefusal(input: {
  userId: string;
  authorId: string;
  hubLead: boolean;
}): string | null {
  return input.hubLead || input.userId === input.authorId ? null : NOT_AUTHOR_OR_LEAD;
}

/** A note is restricted once any correction request on it was answered by an annotation. */
export const isRestricted = (outcomes: readonly RectificationOutcome[]): boolean =>
  outcomes.includes('annotated');

/** The notice a restricted note is shown with. */
export const RESTRICTED_NOTICE =
  'Restricted: the person disputes the accuracy of this note. It stands as written, with the annotation below, and is never released.';

/** The reason recorded on the version a correction writes. */
export const correctionReason = (reason: string): string =>
  `Corrected at the person's request: ${reason}`.slice(0, 1000);
