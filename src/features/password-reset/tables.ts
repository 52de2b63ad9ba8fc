import type { Generated } from 'kysely';

export interface PasswordResetTables {
  password_resets: {
    id: Generated<string>;
    user_id: string;
    /** SHA-256 (hex) of the token in the link; the token itself is never stored. */
    token_hash: string;
    issued_by: string | null;
    created_at: Date;
    expires_at: Date;
    used_at: Date | null;
    revoked_at: Date | null;
  };
}
