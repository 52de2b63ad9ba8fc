import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * Small synthetic files for the generator's documents (issue 13), made here synchronously and
 * byte for byte the same for the same input, so a seed gives the same rows and a year of
 * requests is made in memory quickly. A one-page PDF written by hand (Helvetica, no images,
 * uncompressed: its text is what a PDF reader finds) and a small greyscale PNG (a "scan").
 */

/** What a PDF string may hold: printable ASCII, with its delimiters escaped. */
function pdfString(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '-');
  return `(${ascii.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A one-page A4 PDF holding the lines given, first in bold as its heading. */
export function syntheticPdf(lines: readonly string[]): Buffer {
  const [heading = '', ...rest] = lines;
  const text = [
    'BT',
    '/F2 14 Tf 56 780 Td 20 TL',
    `${pdfString(heading)} Tj T*`,
    '/F1 11 Tf 15 TL',
    ...rest.map((line) => `${pdfString(line)} Tj T*`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A small greyscale PNG (like a page scanned at a very low resolution): lines of "text" drawn
 * from the words given, so two scans of different words differ.
 */
export function syntheticPng(words: string, width = 48, height = 64): Buffer {
  const seed = createHash('sha256').update(words).digest();
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(width + 1, 0xf4); // filter byte 0 is set below; paper is light grey
    row[0] = 0;
    const inked = y > 6 && y < height - 6 && y % 4 === 1;
    if (inked) {
      const length = 12 + (seed[y % seed.length]! % (width - 20));
      for (let x = 6; x < 6 + length; x += 1)
        row[x + 1] = 0x30 + (seed[(x + y) % seed.length]! % 48);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
