import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createViews } from './views.ts';

test('the trim filter is linear on long runs of whitespace inside a value', () => {
  const env = createViews();
  const value = `x${'\n'.repeat(300_000)}x`;
  const started = Date.now();
  const html = env.renderString('[{{ v | trim }}]', { v: `  ${value}  ` });
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  assert.equal(html, `[${value}]`);
});

test('the trim filter trims like the built-in one and keeps escaping as it was', () => {
  const env = createViews();
  assert.equal(
    env.renderString('[{{ v | trim }}]', { v: ' \t<b>bold</b>\n ' }),
    '[&lt;b&gt;bold&lt;/b&gt;]',
  );
  assert.equal(
    env.renderString('[{{ v | safe | trim }}]', { v: ' <b>bold</b> ' }),
    '[<b>bold</b>]',
  );
  assert.equal(env.renderString('[{{ v | trim }}]', { v: undefined }), '[]');
  assert.equal(env.renderString('[{{ v | trim }}]', { v: 42 }), '[42]');
  // A GOV.UK macro that trims what it renders still works.
  const input = env.renderString(
    '{% from "govuk/components/input/macro.njk" import govukInput %}{{ govukInput({ id: "a", name: "a", label: { text: "A" }, value: v }) }}',
    { v: `a${' '.repeat(50_000)}b` },
  );
  assert.match(input, /<input class="govuk-input"/);
});
