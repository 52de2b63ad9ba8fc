import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pdfText } from '../../../test/support/pdf.ts';
import { detectType } from '../documents/receive.ts';
import { syntheticPdf, syntheticPng } from './synthetic-files.ts';

describe('synthetic files', () => {
  it('a PDF whose type is found from its content and whose text a PDF reader reads', async () => {
    const pdf = syntheticPdf(['GP letter (synthetic)', 'Seen on 3 March (a) \\ b', 'Café: ok']);
    assert.equal(await detectType(pdf), 'application/pdf');
    const text = await pdfText(pdf);
    assert.match(text, /GP letter \(synthetic\)/);
    assert.match(text, /Seen on 3 March \(a\) \\ b/);
    assert.match(text, /Caf- : ok|Caf-: ok/);
    assert.ok(pdf.length < 2048, `${pdf.length} bytes`);
  });

  it('a PNG whose type is found from its content; the same words give the same bytes', async () => {
    const png = syntheticPng('consent form 1');
    assert.equal(await detectType(png), 'image/png');
    assert.deepEqual(syntheticPng('consent form 1'), png);
    assert.notDeepEqual(syntheticPng('consent form 2'), png);
    assert.deepEqual(syntheticPdf(['a', 'b']), syntheticPdf(['a', 'b']));
  });
});
