import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp } from '../../app.ts';
import { testConfig } from '../../../test/support/app.ts';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import {
  InstrumentTemplateError,
  loadInstrumentTemplates,
  parseInstrumentTemplate,
} from './templates.ts';

const shipped = join(import.meta.dirname, '..', '..', '..', 'config', 'instruments');

const good = () => ({
  id: 'licensed-tool',
  version: '2',
  name: 'A licensed tool',
  domains: [
    {
      code: 'd1',
      label: 'Domain one',
      factors: [
        { code: 'f1', label: 'Factor one' },
        { code: 'f2', label: 'Factor two', hint: 'A hint' },
      ],
    },
  ],
});

function folderWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cicero-instruments-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const failsWith = (files: Record<string, unknown>, message: RegExp) =>
  assert.throws(
    () => loadInstrumentTemplates(folderWith(files)),
    (error: unknown) => error instanceof InstrumentTemplateError && message.test(error.message),
  );

describe('instrument templates', () => {
  test('the shipped templates load: the VSS structured formulation and 5 Ps only', () => {
    const templates = loadInstrumentTemplates(shipped);
    assert.deepEqual(
      templates.list.map((t) => t.id),
      ['vss-structured-formulation', 'five-ps-only'],
    );
    const vss = templates.byId('vss-structured-formulation')!;
    assert.deepEqual(
      vss.domains.map((d) => d.label),
      [
        'Mental health',
        'Neurodevelopment and communication',
        'Substance use',
        'Emotional and behavioural regulation',
        'Social and situational needs',
        'Offending history',
        'Protective factors',
      ],
    );
    assert.ok(vss.domains.every((d) => d.factors.length > 0));
    assert.deepEqual(templates.byId('five-ps-only')!.domains, []);
  });

  test('an installation adds its own template as a file', () => {
    const dir = folderWith({ 'z-licensed.json': good() });
    for (const f of readdirSync(shipped)) copyFileSync(join(shipped, f), join(dir, f));
    const templates = loadInstrumentTemplates(dir);
    assert.equal(templates.list.length, 3);
    assert.equal(templates.byId('licensed-tool')!.domains[0]!.factors[1]!.hint, 'A hint');
  });

  test('unknown keys are errors naming the file and the field', () => {
    failsWith({ 'a.json': { ...good(), scoring: 'sum' } }, /a\.json: unknown field "scoring"/);
    const t = good();
    (t.domains[0]!.factors[0] as Record<string, unknown>).weight = 2;
    failsWith({ 'b.json': t }, /b\.json: domains\[0\]\.factors\[0\]: unknown field "weight"/);
  });

  test('empty labels, bad codes and missing fields are errors naming the field', () => {
    const t = good();
    t.domains[0]!.factors[1]!.label = '   ';
    failsWith({ 'c.json': t }, /c\.json: domains\[0\]\.factors\[1\]\.label: must not be empty/);
    const u = good();
    u.domains[0]!.code = 'Has Spaces';
    failsWith({ 'd.json': u }, /d\.json: domains\[0\]\.code: must be lower case/);
    const noName: Partial<ReturnType<typeof good>> = good();
    delete noName.name;
    failsWith({ 'e.json': noName }, /e\.json: name: must be text/);
    const v = good();
    v.domains[0]!.factors = [];
    failsWith({ 'f.json': v }, /f\.json: domains\[0\]\.factors: must list at least one factor/);
  });

  test('duplicate factor codes (across domains) and duplicate domain codes are errors', () => {
    const t = good();
    t.domains.push({ code: 'd2', label: 'Two', factors: [{ code: 'f1', label: 'Again' }] });
    failsWith(
      { 'g.json': t },
      /g\.json: domains\[1\]\.factors\[0\]\.code: duplicate factor code "f1"/,
    );
    const u = good();
    u.domains.push({ ...u.domains[0]!, factors: [{ code: 'f9', label: 'Nine' }] });
    failsWith({ 'h.json': u }, /h\.json: domains\[1\]\.code: duplicate domain code "d1"/);
  });

  test('duplicate ids across files are errors naming both files', () => {
    failsWith(
      { 'one.json': good(), 'two.json': good() },
      /two\.json: id: "licensed-tool" is already the id of one\.json/,
    );
  });

  test('a file that is not JSON, and an empty folder, are errors', () => {
    failsWith({ 'broken.json': '{ "id": ' }, /broken\.json: not valid JSON/);
    failsWith({}, /no instrument templates/);
    assert.throws(() => parseInstrumentTemplate('x.json', '[]'), /x\.json: must be/);
  });

  test('the app does not build with a bad template', async () => {
    const dir = folderWith({ 'bad.json': { ...good(), domains: 'none' } });
    const database = await testDatabase();
    try {
      await assert.rejects(
        buildApp({
          config: testConfig({ instrumentsDir: dir }),
          database,
          clock: testClock(),
          logger: pino({ level: 'silent' }),
        }),
        /bad\.json: domains: must be a list of domains/,
      );
    } finally {
      await database.close();
    }
  });

  test('start-up stops with one line naming the file and the field', () => {
    const t = good();
    t.domains[0]!.label = '';
    const dir = folderWith({ 'licensed.json': t });
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'cicero-main-')),
        INSTRUMENTS_DIR: dir,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /licensed\.json: domains\[0\]\.label: must not be empty/);
  });
});
