-- Bulwark schema, version 2: the change log that every instance follows (revocations and admin blocks).
--
-- sequence is assigned by the application from state_change_head, never by an identity column: an identity
-- value is taken at insert but becomes visible at commit, so under concurrent appends a reader could see 11
-- before 10 commits and skip 10 for ever. Taking the next value by updating the single head row holds that
-- row's lock until commit, so appends take turns and sequences become visible in order, without gaps
-- (a rolled-back append rolls its number back too). See JdbcChangeLog.
CREATE TABLE state_change_head (
    id             INTEGER NOT NULL,
    last_sequence  BIGINT  NOT NULL,
    CONSTRAINT pk_state_change_head PRIMARY KEY (id),
    CONSTRAINT ck_state_change_head_single CHECK (id = 1)
);
INSERT INTO state_change_head (id, last_sequence) VALUES (1, 0);

-- until_at: the token's exp, the session's expiry, the block's expiry (NULL = permanent block, and for
-- unblocks), or for USER_REVOKED_BEFORE the epoch itself. No foreign keys: a revocation is never refused.
CREATE TABLE state_changes (
    sequence    BIGINT                   NOT NULL,
    kind        VARCHAR(32)              NOT NULL,
    subject     VARCHAR(128)             NOT NULL,
    until_at    TIMESTAMP WITH TIME ZONE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_state_changes PRIMARY KEY (sequence),
    CONSTRAINT ck_state_changes_kind CHECK (kind IN ('TOKEN_REVOKED', 'SESSION_REVOKED', 'USER_REVOKED_BEFORE',
                                                     'ADDRESS_BLOCKED', 'ADDRESS_UNBLOCKED'))
);
CREATE INDEX ix_state_changes_until ON state_changes (until_at);
CREATE INDEX ix_state_changes_subject ON state_changes (subject, kind);
