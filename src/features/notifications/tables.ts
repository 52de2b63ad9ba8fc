import type { Generated } from 'kysely';

/** Notifications, each user's email choices and the email outbox (0155_notifications.sql). */
export interface NotificationTables {
  notifications: {
    id: Generated<string>;
    user_id: string;
    kind: string;
    case_id: string | null;
    path: string;
    dedupe_key: string | null;
    created_at: Date;
    read_at: Date | null;
    digest_pending: Generated<boolean>;
  };
  notification_preferences: {
    user_id: string;
    kind: string;
    delivery: 'immediate' | 'daily' | 'none';
    updated_at: Date;
  };
  notification_emails: {
    id: Generated<string>;
    user_id: string;
    notification_id: string | null;
    /** kind -> count, as JSON text on insert. */
    kinds: unknown;
    status: Generated<'pending' | 'sent' | 'failed'>;
    attempts: Generated<number>;
    next_attempt_at: Date;
    claimed_at: Date | null;
    sent_at: Date | null;
    last_error: string | null;
    created_at: Date;
  };
}
