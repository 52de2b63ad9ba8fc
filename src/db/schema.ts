import type { Generated } from 'kysely';
import type { ApiIdempotencyTables } from '../features/api/tables.ts';
import type { AllocationTables } from '../features/allocation/tables.ts';
import type { ApiClientTables } from '../features/api-clients/tables.ts';
import type { AuditSealTables, AuditTables } from '../features/audit/tables.ts';
import type { ClosureTables } from '../features/closure/tables.ts';
import type { FormulationTables } from '../features/formulation/tables.ts';
import type { LiaisonTables } from '../features/liaison/tables.ts';
import type { MeetingTables } from '../features/meetings/tables.ts';
import type { PlanTables } from '../features/plans/tables.ts';
import type { IdentityTables } from '../features/auth/tables.ts';
import type { CaseworkTables } from '../features/cases/tables.ts';
import type { ConsentTables } from '../features/consent/tables.ts';
import type { DisclosureTables } from '../features/disclosures/tables.ts';
import type { PeopleTables } from '../features/people/tables.ts';
import type { CaseTables } from '../features/requests/tables.ts';
import type { TriageTables } from '../features/triage/tables.ts';
import type { JobTables } from '../jobs/tables.ts';
import type { PasskeyTables } from '../features/passkeys/tables.ts';
import type { PasswordResetTables } from '../features/password-reset/tables.ts';
import type { FormSubmissionTables } from '../access/tables.ts';
import type { SsoLogoutTables } from '../features/auth/oidc/tables.ts';
import type { NotificationTables } from '../features/notifications/tables.ts';
import type { DocumentTables } from '../features/documents/tables.ts';
import type { ContactTables } from '../features/contacts/tables.ts';
import type { NoteTables } from '../features/notes/tables.ts';
import type { RetentionTables } from '../features/retention/tables.ts';
import type { ReopeningTables } from '../features/reopening/tables.ts';
import type { SubjectAccessTables } from '../features/subject-access/tables.ts';
import type { ReassignmentTables } from '../features/reassignment/tables.ts';

/**
 * Table types for Kysely: each capability declares its own tables in its folder (tables.ts),
 * and they are joined here.
 */
export interface MigrationTables {
  schema_migrations: {
    version: number;
    name: string;
    applied_at: Generated<Date>;
  };
}

export type DB = MigrationTables &
  IdentityTables &
  AuditTables &
  AuditSealTables &
  ApiClientTables &
  ApiIdempotencyTables &
  PeopleTables &
  CaseTables &
  ClosureTables &
  TriageTables &
  AllocationTables &
  ConsentTables &
  CaseworkTables &
  FormulationTables &
  LiaisonTables &
  MeetingTables &
  DisclosureTables &
  PlanTables &
  JobTables &
  PasswordResetTables &
  PasskeyTables &
  FormSubmissionTables &
  SsoLogoutTables &
  NotificationTables &
  DocumentTables &
  ContactTables &
  NoteTables &
  RetentionTables &
  ReopeningTables &
  SubjectAccessTables &
  ReassignmentTables;
