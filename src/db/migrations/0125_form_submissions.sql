-- One row per create form that saved something (docs/case-journey.md "Sending a form twice").
-- Each rendered create form carries a random token; the save records it with what it created,
-- in the same transaction. A second submit of the same form (a double click, a resubmit after a
-- slow answer) finds the token and lands where the first did, creating nothing and never
-- showing the "changed since you opened it" page. Ids only: no content.
CREATE TABLE form_submissions (
  token uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  case_id uuid NOT NULL REFERENCES cases (id),
  kind text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
  record_id uuid NOT NULL,
  submitted_at timestamptz NOT NULL
);
CREATE INDEX form_submissions_submitted ON form_submissions (submitted_at);
