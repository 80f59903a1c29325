-- Revocations live in state_changes (V2), the one ordered log every instance follows.
-- The per-kind tables of V1 were never read by a released version.
DROP TABLE revoked_tokens;
DROP TABLE user_revocations;
