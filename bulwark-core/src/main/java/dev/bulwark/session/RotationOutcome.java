package dev.bulwark.session;

/** What became of a presented refresh token. */
public enum RotationOutcome {
    /** It was live and unspent: it is spent now and its successor is stored. */
    ROTATED,
    /** It had been spent before: a replay, so the whole session has been revoked. */
    REUSED,
    /** Its session is revoked or expired, or the token itself expired. */
    INACTIVE,
    /** No such token. */
    NOT_FOUND
}
