import JSZip from 'jszip';

/**
 * The words of a Word document (DOCX): word/document.xml unzipped (docx's own jszip), each
 * paragraph's text runs joined, paragraphs on their own lines; and the header and footer parts.
 */
export async function docxText(
  bytes: Uint8Array | Buffer,
): Promise<{ body: string; headers: string }> {
  const zip = await JSZip.loadAsync(bytes);
  const textOf = (xml: string) =>
    xml
      .split(/<\/w:p>/)
      .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
      .filter((line) => line.length > 0)
      .map(decodeXml)
      .join('\n');
  const document = await zip.file('word/document.xml')?.async('string');
  if (document === undefined) throw new Error('Not a Word document: no word/document.xml');
  const parts = Object.keys(zip.files).filter((n) => /^word\/(header|footer)\d*\.xml$/.test(n));
  const headers = await Promise.all(
    parts.map(async (n) => textOf(await zip.file(n)!.async('string'))),
  );
  return { body: textOf(document), headers: headers.join('\n') };
}

const decodeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
