import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { signCheckpoint } from '../../domain/audit-keys.ts';
import { CHECKPOINTS_KEPT, latestCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { testAnchors } from './testing.ts';

const hashOf = (seq: number) => seq.toString(16).padStart(64, '0');

function folder(): {
  dir: string;
  checkpoint: (seq: number) => ReturnType<typeof signCheckpoint>;
} {
  const anchors = testAnchors();
  const dir = join(anchors.checkpointDir, 'checkpoints');
  return {
    dir,
    checkpoint: (seq) => signCheckpoint(anchors.keyring, { seq, hash: hashOf(seq) }, new Date()),
  };
}

test('a checkpoint is written to a file of its own, readable only by its owner, and read back', () => {
  const { dir, checkpoint } = folder();
  assert.deepEqual(latestCheckpoint(dir), { found: false });
  const written = checkpoint(5);
  assert.equal(writeCheckpoint(dir, written), true);
  const latest = latestCheckpoint(dir);
  assert.ok(latest.found);
  assert.deepEqual(latest.checkpoint, written);
  assert.equal(statSync(latest.file).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.deepEqual(readdirSync(dir), ['checkpoint-00000000000000000005.json'], 'no temporary file');
});

test('a checkpoint never goes backwards: an older one is not written over a newer one', () => {
  const { dir, checkpoint } = folder();
  assert.equal(writeCheckpoint(dir, checkpoint(9)), true);
  // A slower sealer that sealed up to 7 finishes after the one that sealed up to 9.
  assert.equal(writeCheckpoint(dir, checkpoint(7)), false);
  assert.equal(writeCheckpoint(dir, checkpoint(9)), false, 'the same seq is not written twice');
  const latest = latestCheckpoint(dir);
  assert.ok(latest.found);
  assert.equal(latest.checkpoint?.seq, 9);
  assert.equal(readdirSync(dir).length, 1);
  assert.equal(writeCheckpoint(dir, checkpoint(12)), true);
  const newer = latestCheckpoint(dir);
  assert.equal(newer.found && newer.seq, 12);
});

test('the latest is the highest seq, whatever order the files were made in', () => {
  const { dir, checkpoint } = folder();
  // Two sealers racing: each writes its own file, so the higher seq is kept whoever is last.
  writeCheckpoint(dir, checkpoint(3));
  writeFileSync(join(dir, 'checkpoint-00000000000000000100.json'), JSON.stringify(checkpoint(100)));
  writeFileSync(join(dir, 'checkpoint-00000000000000000020.json'), JSON.stringify(checkpoint(20)));
  const latest = latestCheckpoint(dir);
  assert.ok(latest.found);
  assert.equal(latest.checkpoint?.seq, 100);
});

test(`only the newest ${CHECKPOINTS_KEPT} checkpoints are kept`, () => {
  const { dir, checkpoint } = folder();
  for (let seq = 1; seq <= CHECKPOINTS_KEPT + 5; seq++) writeCheckpoint(dir, checkpoint(seq));
  const names = readdirSync(dir).sort();
  assert.equal(names.length, CHECKPOINTS_KEPT);
  assert.equal(names[0], `checkpoint-${String(6).padStart(20, '0')}.json`);
});

test('a file that is not a checkpoint, or claims another seq than its name, reads as none', () => {
  const { dir, checkpoint } = folder();
  writeCheckpoint(dir, checkpoint(4));
  writeFileSync(join(dir, 'checkpoint-00000000000000000008.json'), JSON.stringify(checkpoint(2)));
  const renamed = latestCheckpoint(dir);
  assert.ok(renamed.found);
  assert.equal(renamed.seq, 8);
  assert.equal(renamed.checkpoint, null);
  writeFileSync(join(dir, 'checkpoint-00000000000000000009.json'), '{"seq": 9');
  const torn = latestCheckpoint(dir);
  assert.ok(torn.found);
  assert.equal(torn.checkpoint, null);
  rmSync(dir, { recursive: true });
  assert.deepEqual(latestCheckpoint(dir), { found: false }, 'a missing folder holds none');
});

test('a folder that cannot be written to is an error, not a silent skip', () => {
  const { dir, checkpoint } = folder();
  mkdirSync(dir);
  const file = join(dir, 'not-a-folder');
  writeFileSync(file, '');
  assert.throws(() => writeCheckpoint(file, checkpoint(1)), /EEXIST|ENOTDIR/);
});
