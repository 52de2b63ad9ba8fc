/**
 * Hubs, the regions and forces they serve, and where a request goes (issue 16, docs/hubs.md).
 * Pure: the services read the facts and write what these functions decide.
 */
import { labelOf } from './reference/list.ts';
import { CT_REGIONS, POLICE_FORCES, forcesOfRegion, regionOfForce } from './reference/policing.ts';

export const HUB_CODE = /^[A-Z]{2,4}$/;

/** A retired hub takes no new requests; its cases and users stay as they were. */
export const HUB_STATUSES = ['pilot', 'live', 'retired'] as const;
export type HubStatus = (typeof HUB_STATUSES)[number];

/** The statuses an admin chooses on the form: retiring is its own confirmed action. */
export const CHOSEN_HUB_STATUSES = ['pilot', 'live'] as const;

export const isActiveHub = (hub: { status: HubStatus }): boolean => hub.status !== 'retired';

/** What routing and validation need to know of a hub. */
export interface HubFacts {
  id: string;
  code: string;
  status: HubStatus;
  forces: readonly string[];
}

export interface HubProposal {
  code: string;
  regions: readonly string[];
  forces: readonly string[];
}

export type FieldError = [field: string, message: string];

const forceLabel = (code: string) => labelOf(POLICE_FORCES, code as never);
const regionLabel = (code: string) => labelOf(CT_REGIONS, code as never);

/**
 * The errors of a hub's code, regions and forces against the other hubs (never itself): a code
 * is never reused, even a retired hub's (its cases' references start with it); every force
 * served is in a region served; a force is served by one active hub at most; a hub serving a
 * region with forces serves at least one of them. Form-level checks (format, presence of the
 * name) are the form schema's; this assumes known codes.
 */
export function hubErrors(hub: HubProposal, others: readonly HubFacts[]): FieldError[] {
  const errors: FieldError[] = [];
  if (others.some((o) => o.code === hub.code))
    errors.push(['code', 'A hub with this code already exists']);
  if (hub.regions.length === 0)
    errors.push(['regions', 'Select the CT Policing regions the hub serves']);
  const outside = hub.forces.filter((f) => !hub.regions.includes(regionOfForce(f) ?? ''));
  for (const force of outside)
    errors.push([
      'forces',
      `${forceLabel(force)} is in ${regionLabel(regionOfForce(force)!)}: select that region too, or do not select the force`,
    ]);
  for (const force of hub.forces) {
    const holder = others.find((o) => isActiveHub(o) && o.forces.includes(force));
    if (holder)
      errors.push([
        'forces',
        `${forceLabel(force)} is already served by the ${holder.code} hub: retire that hub or remove the force from it first`,
      ]);
  }
  const withForces = hub.regions.filter((r) => forcesOfRegion(r).length > 0);
  if (withForces.length > 0 && hub.forces.length === 0)
    errors.push(['forces', 'Select the police forces the hub serves']);
  return errors;
}

export type Routing =
  | { ok: true; hubId: string }
  | { ok: false; reason: 'no_hub_for_force'; force: string }
  | { ok: false; reason: 'no_active_hub' | 'choose_hub' };

/**
 * The hub a request goes to. An officer with a recorded force: the active hub serving that
 * force, wherever the officer's own roles are (they follow their request from anywhere). An
 * officer with none recorded (older accounts, API clients): one of the active hubs where they
 * are case officer, the one they chose when there are several.
 */
export function routeRequest(
  officer: { force: string | null; hubIds: readonly string[]; chosenHubId: string | null },
  hubs: readonly HubFacts[],
): Routing {
  const active = hubs.filter(isActiveHub);
  if (officer.force !== null) {
    const serving = active.find((h) => h.forces.includes(officer.force!));
    return serving
      ? { ok: true, hubId: serving.id }
      : { ok: false, reason: 'no_hub_for_force', force: officer.force };
  }
  const own = active.filter((h) => officer.hubIds.includes(h.id));
  if (own.length === 0) return { ok: false, reason: 'no_active_hub' };
  if (own.length === 1) return { ok: true, hubId: own[0]!.id };
  const chosen = own.find((h) => h.id === officer.chosenHubId);
  return chosen ? { ok: true, hubId: chosen.id } : { ok: false, reason: 'choose_hub' };
}

/** What an officer is told when routing fails: no names of people, only the force. */
export function routingMessage(failure: Exclude<Routing, { ok: true }>): string {
  switch (failure.reason) {
    case 'no_hub_for_force':
      return `No active VSS hub serves ${forceLabel(failure.force)} yet, so this request cannot be sent. Your draft is kept: ask your service desk which hub to use.`;
    case 'no_active_hub':
      return 'None of your hubs takes new requests, so this request cannot be sent. Your draft is kept: ask your service desk to record your police force.';
    case 'choose_hub':
      return 'Select the VSS hub to send this request to.';
  }
}
