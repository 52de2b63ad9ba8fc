import PDFDocument from 'pdfkit';

/**
 * Small files of each allowed type, made here: for tests and the synthetic data generator
 * (deterministic: pdfkit is given a fixed creation date and no random id).
 */

/** A one-page PDF holding the lines given. */
export function tinyPdf(lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      compress: false,
      info: { CreationDate: new Date(Date.UTC(2026, 0, 1)), Producer: 'Cicero', Creator: 'Cicero' },
    });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    for (const line of lines) doc.fontSize(11).text(line);
    doc.end();
  });
}

/** A 1 by 1 pixel PNG (a fixed, valid file). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** The start of a JPEG file (enough for its type to be known from its content). */
export const JPEG_HEAD = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
]);
