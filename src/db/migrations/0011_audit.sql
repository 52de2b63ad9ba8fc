-- The audit log. Rows are written in the same transaction as the work they record.
-- xid is the writing transaction: a sealer chains (hashes) rows once every transaction that
-- could still add an earlier row has finished, so writers never queue on one lock.
CREATE TABLE audit_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  occurred_at timestamptz NOT NULL,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  actor_user_id uuid,
  actor_role text,
  hub_id uuid,
  action text NOT NULL CHECK (action IN ('collection', 'alteration', 'consultation', 'disclosure', 'combination', 'erasure', 'sign-in', 'denial', 'admin')),
  subject_type text NOT NULL,
  subject_id text,
  person_id uuid,
  reason text,
  request_id text,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_occurred ON audit_events (occurred_at);
CREATE INDEX audit_events_actor ON audit_events (actor_user_id, occurred_at);
CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id, occurred_at);
CREATE INDEX audit_events_person ON audit_events (person_id, occurred_at) WHERE person_id IS NOT NULL;
CREATE INDEX audit_events_xid ON audit_events (xid);
