import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { testApp } from '../../../test/support/app.ts';
import { signIn } from '../../../test/support/auth.ts';

test('the reason page of an unknown or malformed case id is a 404 with no TypeError logged', async () => {
  const t = await testApp();
  try {
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    for (const id of [randomUUID(), 'not-a-case-id', '%00', "1'%3B--"]) {
      const before = t.logLines.length;
      const response = await t.app.inject({
        method: 'GET',
        url: `/cases/${id}/reason`,
        headers: { cookie: clinician.cookie },
      });
      assert.equal(response.statusCode, 404, id);
      // Let anything the reply's end triggers reach the log.
      await new Promise((resolve) => setImmediate(resolve));
      const lines = t.logLines.slice(before);
      const bad = lines.filter(
        (line) => Number(line.level) >= 40 || JSON.stringify(line).includes('TypeError'),
      );
      assert.deepEqual(bad, [], `no warn/error or TypeError logged for ${id}`);
      assert.ok(lines.length > 0, 'the request itself is logged');
    }
  } finally {
    await t.close();
  }
});
