import type { Generated } from 'kysely';

export interface PasskeyTables {
  passkeys: {
    id: Generated<string>;
    user_id: string;
    /** The credential id, base64url, as the authenticator gave it. */
    credential_id: string;
    /** The COSE public key, base64url. */
    public_key: string;
    sign_count: number;
    transports: Generated<string[]>;
    name: string;
    created_at: Date;
    last_used_at: Date | null;
  };
}
