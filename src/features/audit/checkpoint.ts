import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { readCheckpoint, type Checkpoint } from '../../domain/audit-keys.ts';

/**
 * Checkpoints of the audit chain, kept in a folder outside the database (docs/audit.md): one
 * file per checkpoint, named by its seq, so two sealers writing at once never overwrite each
 * other and the latest is always the highest seq: a checkpoint never goes backwards. Each file
 * is written to a temporary name and renamed, so a reader sees a whole file or none.
 */
const NAME = /^checkpoint-(\d{20})\.json$/;
/** How many checkpoints are kept (the newest); each one is also in the application log. */
export const CHECKPOINTS_KEPT = 20;

const fileName = (seq: number) => `checkpoint-${String(seq).padStart(20, '0')}.json`;

function checkpointSeqs(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => NAME.exec(name)?.[1])
    .filter((seq): seq is string => seq !== undefined)
    .map(Number)
    .sort((a, b) => b - a);
}

export type LatestCheckpoint =
  { found: false } | { found: true; seq: number; file: string; checkpoint: Checkpoint | null };

/** The checkpoint with the highest seq (checkpoint null when its file cannot be read as one). */
export function latestCheckpoint(dir: string): LatestCheckpoint {
  const seq = checkpointSeqs(dir)[0];
  if (seq === undefined) return { found: false };
  const file = join(dir, fileName(seq));
  let checkpoint: Checkpoint | null = null;
  try {
    checkpoint = readCheckpoint(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    checkpoint = null;
  }
  // A file whose content claims another seq than its name is not a checkpoint.
  return { found: true, seq, file, checkpoint: checkpoint?.seq === seq ? checkpoint : null };
}

/**
 * Writes a checkpoint unless one at the same or a higher seq is there already (then returns
 * false and leaves the folder as it is), and removes all but the newest CHECKPOINTS_KEPT.
 */
export function writeCheckpoint(dir: string, checkpoint: Checkpoint): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const newest = checkpointSeqs(dir)[0];
  if (newest !== undefined && newest >= checkpoint.seq) return false;
  const target = join(dir, fileName(checkpoint.seq));
  const temporary = join(dir, `.${fileName(checkpoint.seq)}.${randomBytes(6).toString('hex')}`);
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeFileSync(fd, JSON.stringify(checkpoint) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dir);
  for (const seq of checkpointSeqs(dir).slice(CHECKPOINTS_KEPT)) {
    try {
      unlinkSync(join(dir, fileName(seq)));
    } catch (error) {
      // Another sealer removed it first.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return true;
}

/** The rename is on disk once the folder is synced (not every file system allows it). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: the file itself was flushed before the rename.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
