import type { ColumnType, Generated } from 'kysely';
import type { NoteKind } from '../../domain/notes.ts';

/** Case notes (0131_case_notes.sql), health compartment: append-only versions. */
export interface NoteTables {
  case_notes: {
    id: Generated<string>;
    case_id: string;
    created_by: string;
    created_at: Date;
    /** The number of the latest version. */
    version: Generated<number>;
  };
  case_note_versions: {
    note_id: string;
    version: number;
    /** 'YYYY-MM-DD' */
    noted_on: ColumnType<string, string, never>;
    kind: NoteKind;
    body: string;
    reason: string | null;
    written_by: string;
    written_at: Date;
  };
}
