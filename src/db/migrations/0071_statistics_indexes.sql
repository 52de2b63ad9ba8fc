-- Statistics (src/features/statistics/measures.ts) select cases by when they were received and
-- when they closed, over any period and across all hubs; the hub-first index of 0020 cannot
-- serve a national range. Allocations are looked up by case for caseloads at a past instant
-- (the partial indexes of 0030 only cover current allocations).
CREATE INDEX cases_requested_at ON cases (requested_at);
CREATE INDEX cases_closed_at ON cases (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX allocations_case ON allocations (case_id, allocated_from);
