package dev.bulwark.session;

import dev.bulwark.revocation.RevocationStore;
import dev.bulwark.token.AccessTokenIssuer;
import dev.bulwark.token.IssuedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Logins, refreshes and logouts.
 *
 * <p>A session is a refresh-token family with an absolute lifetime of {@code refreshTtl} from the login: every
 * refresh spends the presented token and issues a successor that expires with the session, so a stolen refresh
 * token is good for one use at most. Presenting a spent token is taken as proof that two parties hold the family
 * (RFC 9700, section 4.14.2): the store revokes the session and this class revokes its {@code sid}, so the access
 * tokens of that session stop working at once, not only when they expire.
 */
public final class SessionService {

    private final AccessTokenIssuer issuer;
    private final SessionStore sessions;
    private final RevocationStore revocations;
    private final SubjectDirectory subjects;
    private final RefreshTokens refreshTokens;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final Clock clock;

    public SessionService(AccessTokenIssuer issuer, SessionStore sessions, RevocationStore revocations,
                          SubjectDirectory subjects, RefreshTokens refreshTokens,
                          Duration accessTtl, Duration refreshTtl, Clock clock) {
        this.issuer = issuer;
        this.sessions = sessions;
        this.revocations = revocations;
        this.subjects = subjects;
        this.refreshTokens = refreshTokens;
        this.accessTtl = accessTtl;
        this.refreshTtl = refreshTtl;
        this.clock = clock;
    }

    /** Starts a session for an authenticated subject. */
    public TokenPair start(Subject subject) {
        Instant now = clock.instant();
        SessionRecord session = new SessionRecord(UUID.randomUUID().toString(), subject.tenantId(), subject.userId(),
                now, now.plus(refreshTtl));
        String refresh = refreshTokens.newToken();
        sessions.create(session, RefreshTokens.hash(refresh), session.expiresAt());
        return pair(subject, session, refresh);
    }

    /** Spends a refresh token and returns its successor with a fresh access token. */
    public TokenPair refresh(String presented) throws RefreshRejectedException {
        if (!RefreshTokens.looksValid(presented)) {
            throw new RefreshRejectedException(RefreshRejectedException.Reason.MALFORMED, null);
        }
        Instant now = clock.instant();
        String successor = refreshTokens.newToken();
        // The successor expires with the session; the store knows the session's expiry, so pass the longest
        // possible and let the session's own expiry bound it when it is read back.
        RotationResult result = sessions.rotate(RefreshTokens.hash(presented), RefreshTokens.hash(successor), now,
                now.plus(refreshTtl));
        SessionRecord session = result.session();
        switch (result.outcome()) {
            case NOT_FOUND -> throw new RefreshRejectedException(RefreshRejectedException.Reason.UNKNOWN, null);
            case INACTIVE -> throw new RefreshRejectedException(RefreshRejectedException.Reason.INACTIVE, session);
            case REUSED -> {
                revocations.revokeSession(session.id(), session.expiresAt());
                throw new RefreshRejectedException(RefreshRejectedException.Reason.REUSED, session);
            }
            case ROTATED -> {
                var subject = subjects.current(session.tenantId(), session.userId());
                if (subject.isEmpty()) {
                    end(session.id(), session.expiresAt(), "account_gone");
                    throw new RefreshRejectedException(RefreshRejectedException.Reason.ACCOUNT_GONE, session);
                }
                return pair(subject.get(), session, successor);
            }
            default -> throw new IllegalStateException("unhandled outcome " + result.outcome());
        }
    }

    /** Ends the session of an access token and revokes the token itself. */
    public void logout(String jti, String sessionId, Instant tokenExpiresAt) {
        revocations.revokeToken(jti, tokenExpiresAt);
        Instant sessionExpiry = sessions.find(sessionId)
                .map(SessionRecord::expiresAt)
                .orElse(tokenExpiresAt);
        end(sessionId, sessionExpiry, "logout");
    }

    /** Ends every session of the user: tokens issued before this moment stop working everywhere. */
    public void logoutAll(String userId) {
        Instant now = clock.instant();
        List<SessionRecord> ended = sessions.revokeAllForUser(userId, now, "logout_all");
        for (SessionRecord session : ended) {
            revocations.revokeSession(session.id(), session.expiresAt());
        }
        revocations.revokeUserBefore(userId, now);
    }

    private void end(String sessionId, Instant sessionExpiry, String reason) {
        sessions.revoke(sessionId, clock.instant(), reason);
        revocations.revokeSession(sessionId, sessionExpiry);
    }

    private TokenPair pair(Subject subject, SessionRecord session, String refresh) {
        IssuedToken access = issuer.issue(subject.userId(), subject.tenantId(), subject.role(), subject.scope(),
                session.id());
        return new TokenPair(access.token(), refresh, accessTtl.toSeconds(), access.claims());
    }
}
