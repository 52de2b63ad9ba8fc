import { AlignmentType, Document, Footer, Header, Packer, Paragraph, TextRun } from 'docx';
import { renderPdf, type PdfBlock } from '../../web/pdf.ts';
import { fill, type LetterTemplate } from './templates.ts';

export const MARKING = 'OFFICIAL-SENSITIVE';
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A letter filled in: every part as lines of plain text, in the order it is printed. */
export interface Letter {
  title: string;
  sender: string[];
  date: string;
  recipient: string[];
  subject: string;
  salutation: string;
  /** Paragraphs, each as its lines (a typed value keeps its line breaks). */
  paragraphs: string[][];
  signOff: string;
  signature: string[];
  reference: string;
}

const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

/**
 * A template filled with the case's and the form's values. Empty parts (an optional field left
 * empty) are left out rather than printed as blank paragraphs.
 */
export function composeLetter(template: LetterTemplate, values: Record<string, string>): Letter {
  const f = (text: string) => fill(text, values);
  return {
    title: f(template.documentTitle),
    sender: ['Vulnerability Support Service', `${values['hub.name'] ?? ''} hub`],
    date: values['letter.date'] ?? '',
    recipient: template.recipient.flatMap((line) => linesOf(f(line))),
    subject: f(template.subject).trim(),
    salutation: f(template.salutation).trim(),
    paragraphs: template.body.map((p) => linesOf(f(p))).filter((p) => p.length > 0),
    signOff: template.signOff,
    signature: [values['author.name'] ?? '', 'Vulnerability Support Service'],
    reference: values['case.reference'] ?? '',
  };
}

/** All the letter's words, in order (what the PDF and DOCX hold). */
export function letterLines(letter: Letter): string[] {
  return [
    ...letter.sender,
    `Our reference: ${letter.reference}`,
    letter.date,
    ...letter.recipient,
    letter.subject,
    letter.salutation,
    ...letter.paragraphs.flat(),
    letter.signOff,
    ...letter.signature,
  ];
}

/** The letter as a PDF (pdfkit), marked OFFICIAL-SENSITIVE at the top and foot of each page. */
export function letterPdf(letter: Letter, createdAt: Date): Promise<Buffer> {
  const text = (t: string): PdfBlock => ({ kind: 'text', text: t });
  const gap: PdfBlock = { kind: 'gap', text: '' };
  const blocks: PdfBlock[] = [
    ...letter.sender.map(text),
    text(`Our reference: ${letter.reference}`),
    gap,
    text(letter.date),
    gap,
    ...letter.recipient.map(text),
    gap,
    ...(letter.subject ? [{ kind: 'subheading' as const, text: letter.subject }] : []),
    gap,
    text(letter.salutation),
    gap,
    ...letter.paragraphs.flatMap((p) => [...p.map(text), gap]),
    text(letter.signOff),
    gap,
    gap,
    ...letter.signature.map(text),
  ];
  return renderPdf({
    title: letter.title,
    blocks,
    marks: { marking: MARKING, footer: `Our reference: ${letter.reference}` },
    createdAt,
  });
}

/** The letter as a Word document (docx), to edit before sending; the marking in its header and footer. */
export function letterDocx(letter: Letter): Promise<Buffer> {
  const para = (t: string, options: { bold?: boolean; after?: number } = {}) =>
    new Paragraph({
      spacing: { after: options.after ?? 0 },
      children: [new TextRun({ text: t, bold: options.bold ?? false })],
    });
  const marking = () =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: MARKING, bold: true })],
    });
  const lines = (items: string[], after = 240) =>
    items.map((t, i) => para(t, { after: i === items.length - 1 ? after : 0 }));
  const doc = new Document({
    creator: 'Cicero',
    title: letter.title,
    description: letter.title,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [
      {
        headers: { default: new Header({ children: [marking()] }) },
        footers: { default: new Footer({ children: [marking()] }) },
        children: [
          ...lines([...letter.sender, `Our reference: ${letter.reference}`]),
          para(letter.date, { after: 240 }),
          ...lines(letter.recipient),
          ...(letter.subject ? [para(letter.subject, { bold: true, after: 240 })] : []),
          para(letter.salutation, { after: 240 }),
          ...letter.paragraphs.flatMap((p) => lines(p)),
          para(letter.signOff, { after: 480 }),
          ...lines(letter.signature),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
