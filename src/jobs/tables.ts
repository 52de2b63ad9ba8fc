import type { Generated } from 'kysely';

export interface JobTables {
  scheduled_jobs: {
    name: string;
    interval_seconds: number;
    next_run_at: Date;
    last_started_at: Date | null;
    last_run_at: Date | null;
    last_duration_ms: number | null;
    last_error: string | null;
    runs: Generated<number>;
    failures: Generated<number>;
  };
}
