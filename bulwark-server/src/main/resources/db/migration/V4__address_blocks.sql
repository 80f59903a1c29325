-- Admin blocks: the durable record an operator lists and lifts. Every instance learns of a change through
-- state_changes (ADDRESS_BLOCKED / ADDRESS_UNBLOCKED); this table holds what the change log does not: the reason.
CREATE TABLE address_blocks (
    address     VARCHAR(64)              NOT NULL PRIMARY KEY,
    reason      VARCHAR(500)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    until_at    TIMESTAMP WITH TIME ZONE NULL
);
