-- Roles are held in a hub: an assignment is (user, role, hub), national roles (analyst,
-- ig_officer, admin) have no hub. Every account is on one side (police, health, oversight,
-- service) and may hold roles of that side only (docs/adr/0006-one-access-core.md).
--
-- Existing roles and hubs become assignments: each hub role in each of the user's hubs. An
-- account that mixes sides, or holds a hub role with no hub, stops the migration before
-- anything changes, naming the accounts and roles, so an administrator can split them first.

DO $$
DECLARE
  problems text;
BEGIN
  SELECT string_agg(line, '; ' ORDER BY line) INTO problems FROM (
    SELECT format('%s holds %s', u.email, string_agg(r.role, ', ' ORDER BY r.role)) AS line
      FROM users u JOIN user_roles r ON r.user_id = u.id
     GROUP BY u.id, u.email
    HAVING count(DISTINCT CASE
             WHEN r.role IN ('case_officer', 'police_lead') THEN 'police'
             WHEN r.role IN ('clinician', 'senior_clinician', 'hub_lead') THEN 'health'
             WHEN r.role IN ('analyst', 'ig_officer') THEN 'oversight'
             ELSE 'service' END) > 1
    UNION ALL
    SELECT format('%s holds %s with no hub', u.email, r.role)
      FROM users u JOIN user_roles r ON r.user_id = u.id
     WHERE r.role NOT IN ('analyst', 'ig_officer', 'admin')
       AND NOT EXISTS (SELECT 1 FROM user_hubs h WHERE h.user_id = u.id)
  ) found;
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION 'Cannot move roles into hubs: accounts must hold roles of one side only (police, health, oversight or service desk), and hub roles need a hub. Split or correct these accounts first, then migrate again: %', problems;
  END IF;
END $$;

ALTER TABLE users ADD COLUMN side text CHECK (side IN ('police', 'health', 'oversight', 'service'));
ALTER TABLE users ADD CONSTRAINT users_id_side_key UNIQUE (id, side);

CREATE TABLE role_assignments (
  user_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('case_officer', 'clinician', 'senior_clinician', 'hub_lead', 'police_lead', 'analyst', 'ig_officer', 'admin')),
  hub_id uuid REFERENCES hubs (id),
  side text NOT NULL,
  CONSTRAINT role_assignments_side_of_role CHECK (side = CASE
    WHEN role IN ('case_officer', 'police_lead') THEN 'police'
    WHEN role IN ('clinician', 'senior_clinician', 'hub_lead') THEN 'health'
    WHEN role IN ('analyst', 'ig_officer') THEN 'oversight'
    ELSE 'service' END),
  CONSTRAINT role_assignments_hub_of_role CHECK ((role IN ('analyst', 'ig_officer', 'admin')) = (hub_id IS NULL)),
  -- The account's one side: an assignment of another side than the user's cannot exist, and
  -- the user's side cannot change while assignments of the old side remain.
  CONSTRAINT role_assignments_one_side FOREIGN KEY (user_id, side) REFERENCES users (id, side) ON DELETE CASCADE
);
CREATE UNIQUE INDEX role_assignments_unique ON role_assignments (user_id, role, coalesce(hub_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE INDEX role_assignments_hub ON role_assignments (hub_id, role);

UPDATE users u SET side = (
  SELECT CASE
    WHEN r.role IN ('case_officer', 'police_lead') THEN 'police'
    WHEN r.role IN ('clinician', 'senior_clinician', 'hub_lead') THEN 'health'
    WHEN r.role IN ('analyst', 'ig_officer') THEN 'oversight'
    ELSE 'service' END
  FROM user_roles r WHERE r.user_id = u.id LIMIT 1);

INSERT INTO role_assignments (user_id, role, hub_id, side)
SELECT r.user_id, r.role, h.hub_id, u.side
  FROM user_roles r
  JOIN users u ON u.id = r.user_id
  LEFT JOIN user_hubs h ON h.user_id = r.user_id AND r.role NOT IN ('analyst', 'ig_officer', 'admin')
 WHERE r.role IN ('analyst', 'ig_officer', 'admin') OR h.hub_id IS NOT NULL;

DROP TABLE user_roles;
DROP TABLE user_hubs;
