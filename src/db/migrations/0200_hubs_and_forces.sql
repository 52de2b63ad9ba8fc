-- Hubs and regions (issue 16, docs/hubs.md). A hub serves CT Policing regions and police
-- forces (codes of src/domain/reference/policing.ts); a request goes to the active hub that
-- serves its officer's force. Hubs are retired, never deleted: cases and users keep pointing at
-- them and their code stays taken. The free-text region gives way to the regions served.

ALTER TABLE hubs DROP CONSTRAINT hubs_status_check;
UPDATE hubs SET status = 'retired' WHERE status = 'closed';
ALTER TABLE hubs ADD CONSTRAINT hubs_status_check CHECK (status IN ('pilot', 'live', 'retired'));
ALTER TABLE hubs ADD COLUMN retired_at timestamptz;
ALTER TABLE hubs ADD CONSTRAINT hubs_retired_at CHECK ((status = 'retired') = (retired_at IS NOT NULL));
ALTER TABLE hubs DROP COLUMN region;

CREATE TABLE hub_regions (
  hub_id uuid NOT NULL REFERENCES hubs (id),
  region_code text NOT NULL CHECK (region_code IN ('london', 'north_east', 'north_west', 'west_midlands', 'east_midlands', 'eastern', 'south_east', 'south_west', 'wales', 'scotland', 'northern_ireland')),
  PRIMARY KEY (hub_id, region_code)
);

-- active mirrors the hub's status: one active hub per force, whatever the order of saves.
CREATE TABLE hub_forces (
  hub_id uuid NOT NULL REFERENCES hubs (id),
  force_code text NOT NULL CHECK (force_code IN ('avon_somerset', 'bedfordshire', 'cambridgeshire', 'cheshire', 'city_of_london', 'cleveland', 'cumbria', 'derbyshire', 'devon_cornwall', 'dorset', 'durham', 'dyfed_powys', 'essex', 'gloucestershire', 'greater_manchester', 'gwent', 'hampshire', 'hertfordshire', 'humberside', 'kent', 'lancashire', 'leicestershire', 'lincolnshire', 'merseyside', 'metropolitan', 'norfolk', 'north_wales', 'north_yorkshire', 'northamptonshire', 'northumbria', 'nottinghamshire', 'south_wales', 'south_yorkshire', 'staffordshire', 'suffolk', 'surrey', 'sussex', 'thames_valley', 'warwickshire', 'west_mercia', 'west_midlands', 'west_yorkshire', 'wiltshire')),
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (hub_id, force_code)
);
CREATE UNIQUE INDEX hub_forces_one_active_hub ON hub_forces (force_code) WHERE active;

-- The police force a police account works for (null: not recorded; not for other sides).
ALTER TABLE users ADD COLUMN force_code text CHECK (force_code IN ('avon_somerset', 'bedfordshire', 'cambridgeshire', 'cheshire', 'city_of_london', 'cleveland', 'cumbria', 'derbyshire', 'devon_cornwall', 'dorset', 'durham', 'dyfed_powys', 'essex', 'gloucestershire', 'greater_manchester', 'gwent', 'hampshire', 'hertfordshire', 'humberside', 'kent', 'lancashire', 'leicestershire', 'lincolnshire', 'merseyside', 'metropolitan', 'norfolk', 'north_wales', 'north_yorkshire', 'northamptonshire', 'northumbria', 'nottinghamshire', 'south_wales', 'south_yorkshire', 'staffordshire', 'suffolk', 'surrey', 'sussex', 'thames_valley', 'warwickshire', 'west_mercia', 'west_midlands', 'west_yorkshire', 'wiltshire'));
ALTER TABLE users ADD CONSTRAINT users_force_police_only CHECK (force_code IS NULL OR side IS NULL OR side = 'police');

-- The pilot hubs serve their real regions and forces.
INSERT INTO hub_regions (hub_id, region_code)
SELECT h.id, r.region FROM hubs h
  JOIN (VALUES ('WM', 'west_midlands'), ('NW', 'north_west'), ('LDN', 'london')) AS r (code, region)
    ON r.code = h.code
ON CONFLICT DO NOTHING;
INSERT INTO hub_forces (hub_id, force_code, active)
SELECT h.id, f.force, h.status <> 'retired' FROM hubs h
  JOIN (VALUES
    ('WM', 'west_midlands'), ('WM', 'staffordshire'), ('WM', 'warwickshire'), ('WM', 'west_mercia'),
    ('NW', 'greater_manchester'), ('NW', 'lancashire'), ('NW', 'merseyside'), ('NW', 'cheshire'),
    ('NW', 'cumbria'),
    ('LDN', 'metropolitan'), ('LDN', 'city_of_london')
  ) AS f (code, force) ON f.code = h.code
ON CONFLICT DO NOTHING;
