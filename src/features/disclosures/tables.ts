import type { ColumnType, Generated } from 'kysely';
import type {
  ConsentAnswer,
  DisclosureDirection,
  DisclosureStatus,
  ExternalMethod,
  RecipientKind,
} from '../../domain/disclosures.ts';

/** Disclosure decisions, their recipients and items, and the released copies (0060). */
export interface DisclosureTables {
  disclosures: {
    id: Generated<string>;
    case_id: string;
    hub_id: string;
    direction: DisclosureDirection;
    status: ColumnType<DisclosureStatus, DisclosureStatus | undefined, DisclosureStatus>;
    summary: string | null;
    purpose: string | null;
    legal_basis: string | null;
    necessity: string | null;
    consent: ConsentAnswer | null;
    consent_note: string | null;
    person_told: 'yes' | 'no' | null;
    person_told_note: string | null;
    needs_approval: boolean | null;
    created_by: string;
    created_at: Date;
    updated_at: Date;
    decided_by: string | null;
    decided_at: Date | null;
    decider_step_up_at: Date | null;
    approved_by: string | null;
    approved_at: Date | null;
    approver_step_up_at: Date | null;
    refused_by: string | null;
    refused_at: Date | null;
    refusal_reason: string | null;
    effective_at: Date | null;
    withdrawn_by: string | null;
    withdrawn_at: Date | null;
    withdrawal_reason: string | null;
    version: ColumnType<number, number | undefined, number>;
  };
  disclosure_recipients: {
    id: Generated<string>;
    disclosure_id: string;
    kind: RecipientKind;
    user_id: string | null;
    reason: string | null;
  };
  /** Health: who outside Cicero a decision names, and its letter once released (0140). */
  disclosure_external_recipients: {
    id: Generated<string>;
    disclosure_id: string;
    organisation: string;
    team: string | null;
    person: string | null;
    method: ExternalMethod;
    address: string;
    letter_content_id: string | null;
    letter_made_at: Date | null;
  };
  disclosure_items: {
    id: Generated<string>;
    disclosure_id: string;
    position: number;
    source: string;
    source_table: string;
    source_record_id: string | null;
    source_record_version: number | null;
    label: string;
    body: string;
  };
  released_items: {
    id: Generated<string>;
    disclosure_id: string;
    case_id: string;
    position: number;
    direction: DisclosureDirection;
    legal_basis: string;
    decided_by: string;
    approved_by: string | null;
    source: string;
    source_table: string;
    source_record_id: string | null;
    source_record_version: number | null;
    label: string;
    body: string;
    released_at: Date;
    withdrawn_at: Date | null;
  };
}
