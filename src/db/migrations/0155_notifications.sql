-- Notifications (issue 14, docs/notifications.md): what waits for a user, in the service and by
-- email. A notification holds a kind, the case it is about and the page it links to: never a
-- name, a reference or any case content (the page shows those to whoever may see them).

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL,
  case_id uuid REFERENCES cases (id),
  -- A path of ids only (checked): where the notification takes its reader.
  path text NOT NULL CHECK (path ~ '^/[A-Za-z0-9/_-]*$'),
  -- Daily jobs notify once per thing (an action overdue, an appointment tomorrow).
  dedupe_key text,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  -- Waiting for the recipient's daily summary email.
  digest_pending boolean NOT NULL DEFAULT false
);
CREATE INDEX notifications_user_created ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_user_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_digest_pending ON notifications (user_id) WHERE digest_pending;
CREATE UNIQUE INDEX notifications_user_dedupe ON notifications (user_id, dedupe_key)
  WHERE dedupe_key IS NOT NULL;

-- Each user's choice per kind: at once, in a daily summary, or not by email. No row: the kind's
-- default (docs/notifications.md). Urgent requests are always sent at once.
CREATE TABLE notification_preferences (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL,
  delivery text NOT NULL CHECK (delivery IN ('immediate', 'daily', 'none')),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- The outbox: one row per email to send, written in the transaction of the event (or of the
-- daily summary), sent by the notifications.email job. The address is read from users when it
-- is sent; the message holds only kinds and counts.
CREATE TABLE notification_emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  notification_id uuid REFERENCES notifications (id) ON DELETE CASCADE,
  -- kind -> count: one kind for an email at once, several for a daily summary.
  kinds jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When it may next be claimed: now, after a backoff, or when a claim's lease runs out.
  next_attempt_at timestamptz NOT NULL,
  claimed_at timestamptz,
  sent_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL
);
CREATE INDEX notification_emails_due ON notification_emails (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX notification_emails_notification ON notification_emails (notification_id);
