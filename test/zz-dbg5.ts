import { readFileSync } from 'node:fs';
import { attack } from '../src/features/statistics/attack.ts';
const all = (JSON.parse(readFileSync('/tmp/sdc/figures.json', 'utf8')) as { where: string; members: string[]; shown: boolean }[]).map((f) => ({ ...f, members: new Set(f.members) }));
const pins = attack(all).pinned.filter((p) => !p.where.includes('export.csv'));
const target = pins.find((p) => p.where.includes('national | May 2025 | outcomes'))!.where;
console.log(target);
const run = (fs: typeof all) => attack(fs).pinned.some((p) => p.where === target);
let keep = all.filter((f) => f.shown && f.where.startsWith('national |'));
console.log(run([...keep, all.find((g) => g.where === target)!]));
const tables = [...new Set(keep.map((f) => f.where.split(' | ')[2]))];
for (const t of tables) { const next = keep.filter((g) => g.where.split(' | ')[2] !== t); if (run([...next, all.find((g) => g.where === target)!])) keep = next; }
const periods = [...new Set(keep.map((f) => f.where.split(' | ')[1]))];
for (const t of periods) { const next = keep.filter((g) => g.where.split(' | ')[1] !== t); if (run([...next, all.find((g) => g.where === target)!])) keep = next; }
for (const f of [...keep]) { const next = keep.filter((g) => g !== f); if (run([...next, all.find((g) => g.where === target)!])) keep = next; }
for (const f of keep) console.log(f.members.size, f.where);
const t = all.find((g) => g.where === target)!; console.log('target', [...t.members]);
for (const f of keep) console.log([...f.members].filter(m => m.startsWith('phantom')).length, 'phantoms in', f.where);
