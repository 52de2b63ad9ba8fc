/**
 * Case notes (issue 13), health compartment. A note is never edited in place: an amendment is
 * a new version with a reason, and earlier versions stay readable. Codes match 0131.
 */

export const NOTE_KINDS = [
  { code: 'clinical', label: 'Clinical note' },
  { code: 'supervision', label: 'Supervision' },
  { code: 'safeguarding_concern', label: 'Safeguarding concern' },
  { code: 'risk_to_self_concern', label: 'Risk-to-self concern' },
  { code: 'other', label: 'Other' },
] as const;
export type NoteKind = (typeof NOTE_KINDS)[number]['code'];

/** What an amendment must say, or why it is refused; null when it may be saved. */
export function amendmentRefusal(
  current: { kind: NoteKind; notedOn: string; body: string },
  next: { kind: NoteKind; notedOn: string; body: string; reason: string | null },
): { field: string; message: string } | null {
  if (!next.reason) return { field: 'reason', message: 'Enter why you are amending the note' };
  if (
    current.kind === next.kind &&
    current.notedOn === next.notedOn &&
    current.body === next.body
  ) {
    return { field: 'body', message: 'Change the note, or go back without amending it' };
  }
  return null;
}
