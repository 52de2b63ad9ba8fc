-- Scheduled work (audit sealing, reminders, retention), claimed by whichever instance gets
-- there first: one row per job; a runner claims a due row with FOR UPDATE SKIP LOCKED and
-- pushes next_run_at past a lease, so each due run happens once across instances.
CREATE TABLE scheduled_jobs (
  name text PRIMARY KEY,
  interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
  next_run_at timestamptz NOT NULL,
  last_started_at timestamptz,
  last_run_at timestamptz,
  last_duration_ms integer,
  last_error text,
  runs integer NOT NULL DEFAULT 0,
  failures integer NOT NULL DEFAULT 0
);
