import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseFormBody } from './form-body.ts';

test('a valid form body parses as browsers send it, repeated keys as arrays', () => {
  const body = Buffer.from('name=Zo%C3%AB+Smith&role=a&role=b&empty=&flag&caf%C3%A9=%F0%9F%99%82');
  assert.deepEqual(parseFormBody(body), {
    name: 'Zoë Smith',
    role: ['a', 'b'],
    empty: '',
    flag: '',
    café: '🙂',
  });
});

test('bytes that are not UTF-8, raw or percent-escaped, are refused with 400', () => {
  for (const bad of [
    Buffer.from([0x61, 0x3d, 0xff]), // a=<0xFF>
    Buffer.from('a=%FF'),
    Buffer.from('a=%C3'),
    Buffer.from('a=%E2%82'),
    Buffer.from('%ZZ=1'),
    Buffer.from('a=%ED%A0%80'), // an encoded surrogate half
  ]) {
    assert.throws(() => parseFormBody(bad), { statusCode: 400 }, bad.toString('latin1'));
  }
});

test('any text round-trips exactly; no replacement character is ever made up', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (key, value) => {
      fc.pre(key !== '__proto__');
      const body = Buffer.from(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
      assert.deepEqual(parseFormBody(body), { [key]: value });
    }),
  );
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
      try {
        const parsed = parseFormBody(Buffer.from(bytes));
        assert.ok(
          !JSON.stringify(parsed).includes('\uFFFD') ||
            Buffer.from(bytes).includes(Buffer.from('\uFFFD')),
        );
      } catch (error) {
        assert.equal((error as { statusCode?: number }).statusCode, 400);
      }
    }),
  );
});
