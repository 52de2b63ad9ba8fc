-- A case's access log reads every row about the case or any of its records
-- (src/features/audit/case-records.ts): rows are found by the record they name (subject_id,
-- any type) and by what their detail names (detail.caseId, and the lists that showed the case:
-- detail.caseIds, detail.disclosureIds, detail.formulationIds), each by containment, which one
-- GIN index answers. Without them the page scanned the whole log (docs/performance.md).
CREATE INDEX audit_events_subject_id ON audit_events (subject_id) WHERE subject_id IS NOT NULL;
CREATE INDEX audit_events_detail ON audit_events USING gin (detail jsonb_path_ops);
