import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const fonts = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/**
 * The text of each page of a PDF, read with pdfjs-dist (4.10.38): on each page its text items in
 * order, joined by spaces, runs of white space collapsed. Throws on bytes that are not a PDF.
 */
export async function pdfPages(bytes: Uint8Array | Buffer): Promise<string[]> {
  const data = new Uint8Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  );
  const pdf = await getDocument({ data, standardFontDataUrl: fonts, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
      pages.push(text.replace(/\s+/g, ' ').trim());
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

/** All the text of a PDF, its pages joined by new lines. */
export async function pdfText(bytes: Uint8Array | Buffer): Promise<string> {
  return (await pdfPages(bytes)).join('\n');
}
