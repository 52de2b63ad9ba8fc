import type { ColumnType, Generated } from 'kysely';
import type { CodeOf } from '../../domain/reference/list.ts';
import type { MEETING_TYPES } from '../../domain/reference/liaison.ts';

/** Multi-agency meetings, their attendees and agreed actions (0053_meetings.sql), health. */
export interface MeetingTables {
  meetings: {
    id: Generated<string>;
    case_id: string;
    meeting_type: CodeOf<typeof MEETING_TYPES>;
    /** 'YYYY-MM-DD' */
    held_on: ColumnType<string, string, string>;
    mappa_category: number | null;
    mappa_level: number | null;
    vss_contribution: string;
    recorded_by: string;
    recorded_at: Date;
    updated_by: string | null;
    updated_at: Date | null;
    version: Generated<number>;
  };
  meeting_attendees: {
    id: Generated<string>;
    meeting_id: string;
    name: string;
    agency: string;
    added_by: string;
    added_at: Date;
  };
  meeting_actions: {
    id: Generated<string>;
    meeting_id: string;
    description: string;
    owner: string;
    /** 'YYYY-MM-DD' */
    due_on: ColumnType<string, string, string>;
    plan_action_id: string | null;
    added_by: string;
    added_at: Date;
  };
}
