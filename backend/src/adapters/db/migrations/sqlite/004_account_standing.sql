-- 004: what an access token is checked against on every request (through a short cache).
-- is_active: an account can be deactivated without deleting it; its tokens stop working.
-- token_generation: a password change or reset bumps it, ending every access token issued
-- before (tokens carry the generation they were issued under).
ALTER TABLE users ADD COLUMN is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1));
ALTER TABLE users ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0;

-- Revoked sessions of a user (families revoked recently) are read on a standing cache miss.
CREATE INDEX idx_refresh_tokens_user_revoked ON refresh_tokens (user_id, revoked_at)
  WHERE revoked_at IS NOT NULL;
