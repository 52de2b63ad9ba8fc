-- The senior clinician role: a clinician who may also sign off formulations in their hub
-- (docs/adr/0005-senior-clinician-role.md). Only the list of roles a user may hold changes.

ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN ('case_officer', 'clinician', 'senior_clinician', 'hub_lead', 'police_lead', 'analyst', 'ig_officer', 'admin'));
