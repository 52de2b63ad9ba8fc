import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hubErrors, routeRequest, routingMessage, type HubFacts } from './hubs.ts';
import { CT_REGIONS, POLICE_FORCES, forcesOfRegion } from './reference/policing.ts';

const WM: HubFacts = {
  id: 'wm',
  code: 'WM',
  status: 'pilot',
  forces: ['west_midlands', 'staffordshire', 'warwickshire', 'west_mercia'],
};
const NW: HubFacts = { id: 'nw', code: 'NW', status: 'live', forces: ['greater_manchester'] };
const OLD: HubFacts = { id: 'old', code: 'OLD', status: 'retired', forces: ['kent'] };
const hubs = [WM, NW, OLD];

test('reference data: the 43 territorial forces of England and Wales in the 11 CT regions', () => {
  assert.equal(POLICE_FORCES.length, 43);
  assert.equal(CT_REGIONS.length, 11);
  assert.equal(new Set(POLICE_FORCES.map((f) => f.code)).size, 43);
  assert.equal(new Set(POLICE_FORCES.map((f) => f.label)).size, 43);
  const regions = new Set<string>(CT_REGIONS.map((r) => r.code));
  for (const force of POLICE_FORCES) assert.ok(regions.has(force.region), force.code);
  assert.deepEqual(forcesOfRegion('london'), ['city_of_london', 'metropolitan']);
  assert.equal(forcesOfRegion('wales').length, 4);
  assert.deepEqual(forcesOfRegion('scotland'), []);
});

test('routing: an officer with a force goes to the active hub serving it', () => {
  const route = (force: string | null, hubIds: string[] = [], chosenHubId: string | null = null) =>
    routeRequest({ force, hubIds, chosenHubId }, hubs);
  assert.deepEqual(route('staffordshire'), { ok: true, hubId: 'wm' });
  // The force decides, not the hubs the officer holds roles in.
  assert.deepEqual(route('greater_manchester', ['wm']), { ok: true, hubId: 'nw' });
  // A retired hub's force is served by nobody until another hub takes it.
  assert.deepEqual(route('kent', ['old']), {
    ok: false,
    reason: 'no_hub_for_force',
    force: 'kent',
  });
  assert.deepEqual(route('dorset'), { ok: false, reason: 'no_hub_for_force', force: 'dorset' });
});

test('routing: an officer with no force recorded uses their own active hubs', () => {
  const route = (hubIds: string[], chosenHubId: string | null = null) =>
    routeRequest({ force: null, hubIds, chosenHubId }, hubs);
  assert.deepEqual(route(['wm']), { ok: true, hubId: 'wm' });
  assert.deepEqual(
    route(['wm', 'old']),
    { ok: true, hubId: 'wm' },
    'the retired hub does not count',
  );
  assert.deepEqual(route(['old']), { ok: false, reason: 'no_active_hub' });
  assert.deepEqual(route([]), { ok: false, reason: 'no_active_hub' });
  assert.deepEqual(route(['wm', 'nw']), { ok: false, reason: 'choose_hub' });
  assert.deepEqual(route(['wm', 'nw'], 'nw'), { ok: true, hubId: 'nw' });
  assert.deepEqual(route(['wm', 'nw'], 'old'), { ok: false, reason: 'choose_hub' });
});

test('routing messages name the force, never a person', () => {
  assert.match(
    routingMessage({ ok: false, reason: 'no_hub_for_force', force: 'dorset' }),
    /No active VSS hub serves Dorset Police/,
  );
  assert.match(routingMessage({ ok: false, reason: 'no_active_hub' }), /None of your hubs/);
});

test('hub validation: codes, regions, forces and the one active hub per force', () => {
  const errors = (code: string, regions: string[], forces: string[], others = hubs) =>
    hubErrors({ code, regions, forces }, others);
  assert.deepEqual(
    errors('SE', ['south_east'], ['kent', 'sussex']),
    [],
    'a retired hub’s force is free',
  );
  assert.deepEqual(errors('SCO', ['scotland'], []), [], 'a region with no listed force');
  assert.deepEqual(errors('WM', ['south_east'], ['kent']), [
    ['code', 'A hub with this code already exists'],
  ]);
  assert.deepEqual(
    errors('OLD', ['south_east'], ['kent']),
    [['code', 'A hub with this code already exists']],
    'a retired hub keeps its code',
  );
  assert.deepEqual(errors('SE', [], []), [
    ['regions', 'Select the CT Policing regions the hub serves'],
  ]);
  assert.deepEqual(errors('SE', ['south_east'], []), [
    ['forces', 'Select the police forces the hub serves'],
  ]);
  const taken = errors('MID', ['west_midlands'], ['west_mercia']);
  assert.equal(taken.length, 1);
  assert.equal(taken[0]![0], 'forces');
  assert.match(taken[0]![1], /West Mercia Police is already served by the WM hub/);
  const outside = errors('SE', ['south_east'], ['kent', 'dorset']);
  assert.deepEqual(
    outside.map(([field]) => field),
    ['forces'],
  );
  assert.match(outside[0]![1], /Dorset Police is in Counter Terrorism Policing South West/);
  // Editing a hub checks it against the others only: WM keeps its own forces.
  assert.deepEqual(errors('WM', ['west_midlands'], [...WM.forces], [NW, OLD]), []);
});
