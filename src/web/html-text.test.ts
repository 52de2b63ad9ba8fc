import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEntities, htmlToBlocks } from './html-text.ts';
import { pdfSafe } from './pdf.ts';

describe('htmlToBlocks', () => {
  it('reads headings, summary rows and table rows, and leaves out what is not read on paper', () => {
    const html = `
      <h2 class="govuk-heading-m">Consent</h2>
      <dl class="govuk-summary-list"><div class="govuk-summary-list__row">
        <dt class="govuk-summary-list__key">Status</dt>
        <dd class="govuk-summary-list__value">Given &amp; recorded</dd>
        <dd class="govuk-summary-list__actions"><a href="/x">Change<span class="govuk-visually-hidden"> status</span></a></dd>
      </div></dl>
      <table><tr><th>Date</th><th>Service</th></tr><tr><td>2 December 2026</td><td>GP</td></tr></table>
      <form method="post"><input name="_csrf" value="secret"><button>Save</button></form>
      <a class="govuk-button" href="/new">Record a contact</a>
      <p>It&#39;s <strong>fine</strong><br>next line</p>`;
    assert.deepEqual(htmlToBlocks(html), [
      { kind: 'heading', text: 'Consent' },
      { kind: 'text', text: 'Status: Given & recorded' },
      { kind: 'text', text: 'Date | Service' },
      { kind: 'text', text: '2 December 2026 | GP' },
      { kind: 'text', text: "It's fine" },
      { kind: 'text', text: 'next line' },
    ]);
  });

  it('skips nested elements of the same tag to their own end', () => {
    const html =
      '<div class="govuk-visually-hidden"><div>hidden</div>still hidden</div><p>shown</p>';
    assert.deepEqual(htmlToBlocks(html), [{ kind: 'text', text: 'shown' }]);
  });

  it('decodes entities, refusing code points out of range', () => {
    assert.equal(
      decodeEntities('&lt;a&gt; &#x2019; &#8217; &#x110000; &bogus;'),
      '<a> ’ ’ ? &bogus;',
    );
  });
});

describe('pdfSafe', () => {
  it('keeps WinAnsi text, strips accents it cannot draw, and marks the rest', () => {
    assert.equal(pdfSafe('It’s £5 – café'), 'It’s £5 – café');
    assert.equal(pdfSafe('Čapek Łódź 東京'), 'Capek ?ódz ??');
  });
});
