import { createHash } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  EXTERNAL_METHODS,
  labelFrom,
  legalBasisLabel,
  type ExternalMethod,
} from '../../domain/disclosures.ts';
import { formatDate, formatDateTime } from '../../web/format.ts';
import { renderPdf, type PdfBlock } from '../../web/pdf.ts';
import { chunked, storeContent } from '../documents/store.ts';
import type { DisclosureRecord, Executor } from './records.ts';

/**
 * Recipients outside Cicero (a GP, a community mental health team) of a health disclosure
 * (direction `health_to_external`, docs/printing-and-letters.md): who, how it is sent, and
 * the letter made from the frozen copies when the decision takes effect.
 */

/** What the decider typed about the recipient. */
export interface ExternalRecipientInput {
  organisation: string;
  team: string | null;
  person: string | null;
  method: ExternalMethod;
  address: string;
}

export interface ExternalRecipient extends ExternalRecipientInput {
  /** The letter's stored PDF, once the decision took effect. */
  letterContentId: string | null;
  letterMadeAt: Date | null;
}

const fromRow = (r: Selectable<DB['disclosure_external_recipients']>): ExternalRecipient => ({
  organisation: r.organisation,
  team: r.team,
  person: r.person,
  method: r.method,
  address: r.address,
  letterContentId: r.letter_content_id,
  letterMadeAt: r.letter_made_at,
});

export async function externalRecipientOf(
  db: Executor,
  disclosureId: string,
): Promise<ExternalRecipient | null> {
  const row = await db
    .selectFrom('disclosure_external_recipients')
    .selectAll()
    .where('disclosure_id', '=', disclosureId)
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** The external recipients of these decisions, by decision id (the register). */
export async function externalRecipientsOf(
  db: Executor,
  disclosureIds: string[],
): Promise<Map<string, ExternalRecipient>> {
  if (!disclosureIds.length) return new Map();
  const rows = await db
    .selectFrom('disclosure_external_recipients')
    .selectAll()
    .where('disclosure_id', 'in', disclosureIds)
    .execute();
  return new Map(rows.map((r) => [r.disclosure_id, fromRow(r)]));
}

/** Writes (or rewrites, for a draft) the decision's recipient outside Cicero. */
export async function saveExternalRecipient(
  trx: Transaction<DB>,
  disclosureId: string,
  input: ExternalRecipientInput,
): Promise<void> {
  await trx
    .deleteFrom('disclosure_external_recipients')
    .where('disclosure_id', '=', disclosureId)
    .execute();
  await trx
    .insertInto('disclosure_external_recipients')
    .values({ ...input, disclosure_id: disclosureId })
    .execute();
}

export const methodLabel = (method: string) => labelFrom(EXTERNAL_METHODS, method);

/** "Dr A Example, Community mental health team, Riverside Surgery": who, most specific first. */
export const externalName = (r: Pick<ExternalRecipient, 'organisation' | 'team' | 'person'>) =>
  [r.person, r.team, r.organisation].filter(Boolean).join(', ');

/** The register's words: who, and how it is sent (never the address). */
export const externalRecipientText = (r: ExternalRecipient) =>
  `${externalName(r)} (outside Cicero; sent by ${methodLabel(r.method).toLowerCase()})`;

export const MARKING = 'OFFICIAL-SENSITIVE';

export const letterFilename = (reference: string) =>
  `disclosure-letter-${reference.replace(/[^A-Za-z0-9-]/g, '')}.pdf`;

/** One released copy, as the letter prints it. */
interface LetterItem {
  label: string;
  body: string;
  legal_basis: string;
}

/** The letter's blocks: the recipient, the person it is about, then each released copy. */
export function letterBlocks(input: {
  recipient: ExternalRecipientInput;
  record: Pick<DisclosureRecord, 'reference' | 'personName'>;
  decidedByName: string;
  approvedByName: string | null;
  hubName: string;
  releasedAt: Date;
  items: LetterItem[];
}): PdfBlock[] {
  const { recipient, record } = input;
  const text = (t: string): PdfBlock => ({ kind: 'text', text: t });
  const basis = input.items[0]?.legal_basis;
  return [
    ...[recipient.person, recipient.team, recipient.organisation].flatMap((l) =>
      l ? [text(l)] : [],
    ),
    ...recipient.address.split(/\r?\n/).map(text),
    { kind: 'gap', text: '' },
    text(`Our reference: ${record.reference}`),
    text(`Date: ${formatDate(input.releasedAt)}`),
    text(`Sent by: ${methodLabel(recipient.method)}`),
    { kind: 'title', text: `Information shared about ${record.personName}` },
    text(
      `${input.hubName} shares the information below with you for the person's care. ` +
        'It is shared only with you: please keep it confidential and do not pass it on ' +
        'without a lawful reason.',
    ),
    ...(basis ? [text(`Legal basis: ${legalBasisLabel(basis)}`)] : []),
    ...input.items.flatMap((i): PdfBlock[] => [
      { kind: 'heading', text: i.label },
      ...i.body.split(/\r?\n/).map(text),
    ]),
    { kind: 'gap', text: '' },
    text(
      `Decided by ${input.decidedByName}` +
        (input.approvedByName ? `, approved by ${input.approvedByName}` : '') +
        `, ${formatDateTime(input.releasedAt)}.`,
    ),
  ];
}

/**
 * Makes the letter from the decision's frozen copies (read back from `released_items`, so it
 * holds exactly what was released), stores it and links it from the recipient row. Called in
 * the transaction that makes the decision take effect, after the copies are written.
 */
export async function makeExternalLetter(
  trx: Transaction<DB>,
  clock: Clock,
  input: { record: DisclosureRecord; decidedBy: string; approvedBy: string | null; now: Date },
): Promise<string> {
  const { record, now } = input;
  const recipient = await externalRecipientOf(trx, record.id);
  if (!recipient) throw new Error('A disclosure outside Cicero names its recipient');
  const items = await trx
    .selectFrom('released_items')
    .select(['label', 'body', 'legal_basis'])
    .where('disclosure_id', '=', record.id)
    .orderBy('position')
    .execute();
  const hub = await trx
    .selectFrom('hubs')
    .select('name')
    .where('id', '=', record.hubId)
    .executeTakeFirstOrThrow();
  const nameOf = async (id: string) =>
    (await trx.selectFrom('users').select('name').where('id', '=', id).executeTakeFirstOrThrow())
      .name;
  const pdf = await renderPdf({
    title: `Letter ${record.reference}`,
    blocks: letterBlocks({
      recipient,
      record,
      decidedByName: await nameOf(input.decidedBy),
      approvedByName: input.approvedBy ? await nameOf(input.approvedBy) : null,
      hubName: hub.name,
      releasedAt: now,
      items,
    }),
    marks: { marking: MARKING, footer: `Our reference: ${record.reference}` },
    createdAt: now,
  });
  const contentId = await storeContent(trx, clock, {
    chunks: chunked(pdf),
    sha256: createHash('sha256').update(pdf).digest('hex'),
    size: pdf.length,
    mime: 'application/pdf',
  });
  await trx
    .updateTable('disclosure_external_recipients')
    .set({ letter_content_id: contentId, letter_made_at: now })
    .where('disclosure_id', '=', record.id)
    .where('letter_content_id', 'is', null)
    .execute();
  return contentId;
}
