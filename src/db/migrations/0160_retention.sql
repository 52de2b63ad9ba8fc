-- Records retention, part 1 (issue 15, docs/records.md): the date of death, the next review
-- date of each case per retention clock (src/domain/retention.ts) and the reviews' decisions.

-- The person's date of death, recorded by a clinician with where it came from: one row per
-- person (a correction replaces it; the audit log keeps who changed it and when). A table of
-- its own rather than columns of people, so the police-provided identity stays as it was given.
-- It moves the health clock of every case of the person (10 years after death when later).
CREATE TABLE person_deaths (
  person_id uuid PRIMARY KEY REFERENCES people (id),
  date_of_death date NOT NULL,
  source text NOT NULL
    CHECK (source IN ('gp_or_nhs_record', 'family_or_carer', 'police', 'coroner', 'other')),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL
);

-- Each review decision on a clock of a case. Only "keep" for now (with its reason and the next
-- review date); disposal comes with its approval in a later part.
CREATE TABLE retention_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  clock text NOT NULL CHECK (clock IN ('health', 'police')),
  decision text NOT NULL CHECK (decision IN ('keep')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  next_review_on date NOT NULL,
  decided_by uuid NOT NULL REFERENCES users (id),
  decided_at timestamptz NOT NULL
);
CREATE INDEX retention_decisions_case ON retention_decisions (case_id, clock, decided_at);

-- The next review date of each case per clock, worked out by the nightly retention job from
-- the domain rule. No row: the clock has not started (the police clock of an open case).
CREATE TABLE retention_reviews (
  case_id uuid NOT NULL REFERENCES cases (id),
  clock text NOT NULL CHECK (clock IN ('health', 'police')),
  due_on date NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, clock)
);
CREATE INDEX retention_reviews_due ON retention_reviews (due_on, clock);
