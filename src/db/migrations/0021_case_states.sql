-- The case state machine (src/domain/case-state.ts) has a closure-requested state for
-- advice-only cases too: the status CHECK follows its STATES.
ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('awaiting_triage', 'awaiting_allocation', 'open', 'advice_only', 'closure_requested', 'advice_closure_requested', 'closed'));
