-- Issue 12: every editable record carries its own version. A plan action's edit form is
-- checked against the action's version, not the case's, so a save elsewhere on the case
-- (a liaison contact, a meeting) no longer sends an open action form to the conflict page.
ALTER TABLE plan_actions ADD COLUMN version integer NOT NULL DEFAULT 1;
