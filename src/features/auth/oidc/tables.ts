/** Logout tokens acted on, for refusing a replay (migration 0115). */
export interface SsoLogoutTables {
  oidc_logout_tokens: { issuer: string; jti: string; expires_at: Date };
}
