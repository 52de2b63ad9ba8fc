import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { CHUNK_BYTES } from './kinds.ts';
import { detectType, receiveFile } from './receive.ts';
import { JPEG_HEAD, TINY_PNG, tinyPdf } from './samples.ts';

async function odt(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
  zip.file('content.xml', '<office:document-content/>');
  zip.file('META-INF/manifest.xml', '<manifest/>');
  return zip.generateAsync({ type: 'nodebuffer' });
}

const docx = () =>
  Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('A letter')] }] }));

const streamOf = (chunks: Buffer[]) => Readable.from(chunks);

describe('the type of a document is decided from its content', () => {
  it('knows each allowed type', async () => {
    assert.equal(await detectType(await tinyPdf(['Hello'])), 'application/pdf');
    assert.equal(
      await detectType(await docx()),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    assert.equal(await detectType(await odt()), 'application/vnd.oasis.opendocument.text');
    assert.equal(await detectType(TINY_PNG), 'image/png');
    assert.equal(await detectType(JPEG_HEAD), 'image/jpeg');
  });

  it('refuses other types, including a zip that is neither DOCX nor ODT', async () => {
    assert.equal(await detectType(Buffer.from('%PDX not really a PDF, a text file renamed')), null);
    assert.equal(await detectType(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;')), null);
    const zip = new JSZip();
    zip.file('notes.txt', 'hello');
    assert.equal(await detectType(await zip.generateAsync({ type: 'nodebuffer' })), null);
  });
});

describe('receiving a file', () => {
  it('hashes, sizes and chunks what it reads', async () => {
    const pdf = await tinyPdf(['Hello']);
    const padded = Buffer.concat([pdf, Buffer.alloc(CHUNK_BYTES + 10, 0x20)]);
    const pieces = [
      padded.subarray(0, 1000),
      padded.subarray(1000, 700_000),
      padded.subarray(700_000),
    ];
    const received = await receiveFile(streamOf(pieces));
    assert.ok(received.ok);
    assert.equal(received.content.size, padded.length);
    assert.equal(received.content.sha256, createHash('sha256').update(padded).digest('hex'));
    assert.equal(received.content.mime, 'application/pdf');
    assert.deepEqual(
      received.content.chunks.map((c) => c.length),
      [CHUNK_BYTES, padded.length - CHUNK_BYTES],
    );
    assert.deepEqual(Buffer.concat(received.content.chunks), padded);
  });

  it('refuses an empty file, a file of the wrong type and one over the limit', async () => {
    assert.deepEqual(await receiveFile(streamOf([])), { ok: false, refusal: 'empty' });
    assert.deepEqual(await receiveFile(streamOf([Buffer.from('plain text, named report.pdf')])), {
      ok: false,
      refusal: 'wrong_type',
    });
    assert.deepEqual(await receiveFile(streamOf([TINY_PNG, TINY_PNG]), TINY_PNG.length + 5), {
      ok: false,
      refusal: 'too_large',
    });
    const truncated = Object.assign(streamOf([TINY_PNG]), { truncated: true });
    assert.deepEqual(await receiveFile(truncated), { ok: false, refusal: 'too_large' });
  });

  it('rejects when the stream breaks (an interrupted upload)', async () => {
    const broken = new Readable({
      read() {
        this.push(TINY_PNG);
        this.destroy(new Error('aborted'));
      },
    });
    await assert.rejects(receiveFile(broken), /aborted/);
  });
});
