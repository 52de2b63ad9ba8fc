import PDFDocument from 'pdfkit';

/** One block of a printed document, in reading order. */
export interface PdfBlock {
  kind: 'title' | 'heading' | 'subheading' | 'text' | 'gap';
  text: string;
}

/** What every page carries: the protective marking at the top and bottom, and a footer line. */
export interface PdfPageMarks {
  /** The Government Security Classification marking, e.g. "OFFICIAL-SENSITIVE". */
  marking: string;
  /** Printed at the foot of every page before the page number, e.g. who printed it and when. */
  footer: string | null;
}

const MARGIN = 56;
const SIZES: Record<PdfBlock['kind'], number> = {
  title: 18,
  heading: 14,
  subheading: 12,
  text: 10.5,
  gap: 6,
};

// The standard PDF fonts (Helvetica) encode WinAnsi: Latin-1 and these.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the standard fonts can draw: a character outside WinAnsi becomes its unaccented letter
 * where there is one (NFKD), otherwise "?". Printing never fails on a name in another script,
 * but such a name is not printed faithfully (docs/printing-and-letters.md).
 */
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) out += ch;
    else if (WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch === '\t') out += ' ';
    else {
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += /^[\x20-\x7e]+$/.test(base) ? base : '?';
    }
  }
  return out;
}

/**
 * A PDF made on the server with pdfkit (ADR 0012): the blocks in order, A4, and on every page
 * the marking at the top and bottom and the footer line with "Page n of m".
 */
export function renderPdf(input: {
  title: string;
  blocks: PdfBlock[];
  marks: PdfPageMarks;
  createdAt: Date;
}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 14, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: pdfSafe(input.title),
      Creator: 'Cicero',
      Producer: 'Cicero',
      CreationDate: input.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  for (const block of input.blocks) writeBlock(doc, block);
  markPages(doc, input.marks);
  doc.end();
  return done;
}

function writeBlock(doc: PDFKit.PDFDocument, block: PdfBlock): void {
  if (block.kind === 'gap') {
    doc.moveDown(0.5);
    return;
  }
  const bold = block.kind !== 'text';
  if (block.kind === 'heading' || block.kind === 'subheading') doc.moveDown(0.6);
  doc
    .font(bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(SIZES[block.kind])
    .fillColor('#0b0c0c')
    .text(pdfSafe(block.text), { paragraphGap: 3 });
  if (block.kind === 'title') doc.moveDown(0.4);
}

function markPages(doc: PDFKit.PDFDocument, marks: PdfPageMarks): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing into the margins must not start a new page.
    const saved = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: saved.left, right: saved.right };
    const width = doc.page.width - saved.left - saved.right;
    const line = { width, align: 'center' as const, lineBreak: false };
    doc.font('Helvetica-Bold').fontSize(10).fillColor('#0b0c0c');
    doc.text(marks.marking, saved.left, 24, line);
    const page = `Page ${i - range.start + 1} of ${range.count}`;
    const footer = marks.footer ? `${pdfSafe(marks.footer)} · ${page}` : page;
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .text(footer, saved.left, doc.page.height - 52, line);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(marks.marking, saved.left, doc.page.height - 36, line);
    doc.page.margins = saved;
  }
  doc.flushPages();
}
