/**
 * The police forces and counter-terrorism policing regions Cicero routes requests by (issue 16).
 * Codes are ours and stable (stored on users and hubs); labels are the public names. The 43
 * territorial forces of England and Wales, each in the CT Policing region whose unit serves it,
 * and the 11 regions of the CT Policing network (Scotland and Northern Ireland have no English
 * or Welsh territorial force, but are regions of the network and may be served by a hub).
 */

export const CT_REGIONS = [
  { code: 'london', label: 'Counter Terrorism Policing London (Counter Terrorism Command)' },
  { code: 'north_east', label: 'Counter Terrorism Policing North East' },
  { code: 'north_west', label: 'Counter Terrorism Policing North West' },
  { code: 'west_midlands', label: 'Counter Terrorism Policing West Midlands' },
  { code: 'east_midlands', label: 'Counter Terrorism Policing East Midlands' },
  { code: 'eastern', label: 'Counter Terrorism Policing Eastern' },
  { code: 'south_east', label: 'Counter Terrorism Policing South East' },
  { code: 'south_west', label: 'Counter Terrorism Policing South West' },
  { code: 'wales', label: 'Counter Terrorism Policing Wales' },
  { code: 'scotland', label: 'Counter Terrorism Policing Scotland' },
  { code: 'northern_ireland', label: 'Counter Terrorism Policing Northern Ireland' },
] as const;

export type CtRegionCode = (typeof CT_REGIONS)[number]['code'];

/** The 43 territorial police forces of England and Wales, with their CT Policing region. */
export const POLICE_FORCES = [
  { code: 'avon_somerset', label: 'Avon and Somerset Constabulary', region: 'south_west' },
  { code: 'bedfordshire', label: 'Bedfordshire Police', region: 'eastern' },
  { code: 'cambridgeshire', label: 'Cambridgeshire Constabulary', region: 'eastern' },
  { code: 'cheshire', label: 'Cheshire Constabulary', region: 'north_west' },
  { code: 'city_of_london', label: 'City of London Police', region: 'london' },
  { code: 'cleveland', label: 'Cleveland Police', region: 'north_east' },
  { code: 'cumbria', label: 'Cumbria Constabulary', region: 'north_west' },
  { code: 'derbyshire', label: 'Derbyshire Constabulary', region: 'east_midlands' },
  { code: 'devon_cornwall', label: 'Devon and Cornwall Police', region: 'south_west' },
  { code: 'dorset', label: 'Dorset Police', region: 'south_west' },
  { code: 'durham', label: 'Durham Constabulary', region: 'north_east' },
  { code: 'dyfed_powys', label: 'Dyfed-Powys Police', region: 'wales' },
  { code: 'essex', label: 'Essex Police', region: 'eastern' },
  { code: 'gloucestershire', label: 'Gloucestershire Constabulary', region: 'south_west' },
  { code: 'greater_manchester', label: 'Greater Manchester Police', region: 'north_west' },
  { code: 'gwent', label: 'Gwent Police', region: 'wales' },
  {
    code: 'hampshire',
    label: 'Hampshire and Isle of Wight Constabulary',
    region: 'south_east',
  },
  { code: 'hertfordshire', label: 'Hertfordshire Constabulary', region: 'eastern' },
  { code: 'humberside', label: 'Humberside Police', region: 'north_east' },
  { code: 'kent', label: 'Kent Police', region: 'south_east' },
  { code: 'lancashire', label: 'Lancashire Constabulary', region: 'north_west' },
  { code: 'leicestershire', label: 'Leicestershire Police', region: 'east_midlands' },
  { code: 'lincolnshire', label: 'Lincolnshire Police', region: 'east_midlands' },
  { code: 'merseyside', label: 'Merseyside Police', region: 'north_west' },
  { code: 'metropolitan', label: 'Metropolitan Police Service', region: 'london' },
  { code: 'norfolk', label: 'Norfolk Constabulary', region: 'eastern' },
  { code: 'north_wales', label: 'North Wales Police', region: 'wales' },
  { code: 'north_yorkshire', label: 'North Yorkshire Police', region: 'north_east' },
  { code: 'northamptonshire', label: 'Northamptonshire Police', region: 'east_midlands' },
  { code: 'northumbria', label: 'Northumbria Police', region: 'north_east' },
  { code: 'nottinghamshire', label: 'Nottinghamshire Police', region: 'east_midlands' },
  { code: 'south_wales', label: 'South Wales Police', region: 'wales' },
  { code: 'south_yorkshire', label: 'South Yorkshire Police', region: 'north_east' },
  { code: 'staffordshire', label: 'Staffordshire Police', region: 'west_midlands' },
  { code: 'suffolk', label: 'Suffolk Constabulary', region: 'eastern' },
  { code: 'surrey', label: 'Surrey Police', region: 'south_east' },
  { code: 'sussex', label: 'Sussex Police', region: 'south_east' },
  { code: 'thames_valley', label: 'Thames Valley Police', region: 'south_east' },
  { code: 'warwickshire', label: 'Warwickshire Police', region: 'west_midlands' },
  { code: 'west_mercia', label: 'West Mercia Police', region: 'west_midlands' },
  { code: 'west_midlands', label: 'West Midlands Police', region: 'west_midlands' },
  { code: 'west_yorkshire', label: 'West Yorkshire Police', region: 'north_east' },
  { code: 'wiltshire', label: 'Wiltshire Police', region: 'south_west' },
] as const satisfies readonly { code: string; label: string; region: CtRegionCode }[];

export type PoliceForceCode = (typeof POLICE_FORCES)[number]['code'];

/** The forces of a CT Policing region, in the list's order. */
export const forcesOfRegion = (region: string): PoliceForceCode[] =>
  POLICE_FORCES.filter((f) => f.region === region).map((f) => f.code);

/** The region of a force (undefined for an unknown code). */
export const regionOfForce = (force: string): CtRegionCode | undefined =>
  POLICE_FORCES.find((f) => f.code === force)?.region;
