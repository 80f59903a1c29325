package dev.bulwark.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.server.persistence.SessionRepository.Outcome;
import dev.bulwark.server.persistence.SessionRepository.RotationResult;
import dev.bulwark.server.persistence.TenantRepository.Registration;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every database must show, run once per database (H2 and PostgreSQL).
 * Tests share one database per class, so each makes tenants and ids of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RepositoryContract {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00.123456Z");

    private Database db;
    private TenantRepository tenants;
    private UserRepository users;
    private ApiKeyRepository apiKeys;
    private ProjectRepository projects;
    private SessionRepository sessions;

    /** Opens the database under test; called once before all tests. */
    abstract Database openDatabase();

    abstract String expectedProductName();

    @BeforeAll
    void open() {
        db = openDatabase();
        SteppingClock clock = new SteppingClock();
        tenants = new TenantRepository(db.jdbi(), clock);
        users = new UserRepository(db.jdbi(), clock);
        apiKeys = new ApiKeyRepository(db.jdbi(), clock);
        projects = new ProjectRepository(db.jdbi(), clock);
        sessions = new SessionRepository(db.jdbi());
    }

    @AfterAll
    void close() {
        if (db != null) {
            db.close();
        }
    }

    // ---------------------------------------------------------------- database

    @Test
    void databaseIsHealthyAndNamesItsProduct() {
        assertThat(db.isHealthy(Duration.ofSeconds(2))).isTrue();
        assertThat(db.productName()).isEqualTo(expectedProductName());
    }

    // ---------------------------------------------------------------- tenants

    @Test
    void registrationCreatesTenantAndOwnerThatReadBackEqual() {
        String slug = slug();
        Registration reg = tenants.registerTenantWithOwner(slug, "Acme", "Owner@Acme.test", "Olga", "hash");

        assertThat(reg.tenant().slug()).isEqualTo(slug);
        assertThat(reg.owner().tenantId()).isEqualTo(reg.tenant().id());
        assertThat(reg.owner().role()).isEqualTo("owner");
        assertThat(reg.owner().email()).isEqualTo("owner@acme.test");
        assertThat(tenants.findBySlug(slug)).contains(reg.tenant());
        assertThat(tenants.findById(reg.tenant().id())).contains(reg.tenant());
        assertThat(users.findById(reg.tenant().id(), reg.owner().id())).contains(reg.owner());
    }

    @Test
    void unknownTenantIsEmpty() {
        assertThat(tenants.findBySlug(slug())).isEmpty();
        assertThat(tenants.findById(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void takenSlugIsDuplicateKeyAndCreatesNoUser() {
        String slug = slug();
        tenants.registerTenantWithOwner(slug, "First", "a@first.test", "A", "hash");
        String email = "b-" + slug + "@second.test";

        assertThatThrownBy(() -> tenants.registerTenantWithOwner(slug, "Second", email, "B", "hash"))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessageNotContaining("INSERT");
        int usersWithEmail = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM users WHERE email = :e")
                .bind("e", email).mapTo(Integer.class).one());
        assertThat(usersWithEmail).isZero();
    }

    // ---------------------------------------------------------------- users

    @Test
    void usersAreCreatedFoundCaseInsensitivelyAndListedInOrder() {
        Registration reg = register();
        String tid = reg.tenant().id();
        User admin = users.create(tid, "Admin@X.test", "Ada", "h1", "admin");
        User member = users.create(tid, "member@x.test", "Max", "h2", "member");

        assertThat(users.findByEmail(tid, "ADMIN@x.test")).contains(admin);
        assertThat(users.findById(tid, member.id())).contains(member);
        assertThat(users.list(tid)).containsExactly(reg.owner(), admin, member);
        assertThat(users.findByEmail(tid, "nobody@x.test")).isEmpty();
    }

    @Test
    void duplicateEmailInTenantIsDuplicateKeyButAllowedInAnotherTenant() {
        Registration a = register();
        Registration b = register();
        users.create(a.tenant().id(), "dup@x.test", "One", "h", "member");

        assertThatThrownBy(() -> users.create(a.tenant().id(), "DUP@x.test", "Two", "h", "member"))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(users.create(b.tenant().id(), "dup@x.test", "Three", "h", "member").tenantId())
                .isEqualTo(b.tenant().id());
    }

    @Test
    void usersOfAnotherTenantAreInvisible() {
        Registration a = register();
        Registration b = register();
        User u = users.create(a.tenant().id(), "only-a@x.test", "A", "h", "member");

        assertThat(users.findById(b.tenant().id(), u.id())).isEmpty();
        assertThat(users.findByEmail(b.tenant().id(), "only-a@x.test")).isEmpty();
        assertThat(users.list(b.tenant().id())).containsExactly(b.owner());
    }

    @Test
    void unknownRoleIsRejected() {
        Registration a = register();
        assertThatThrownBy(() -> users.create(a.tenant().id(), "r@x.test", "R", "h", "root"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- API keys

    @Test
    void apiKeyLifecycle() {
        Registration a = register();
        String tid = a.tenant().id();
        String hash = hash();
        ApiKey key = apiKeys.create(tid, "ci", "bw_abc", hash, List.of("projects:read", "projects:write"),
                a.owner().id());
        ApiKey noScopes = apiKeys.create(tid, "empty", "bw_def", hash(), List.of(), a.owner().id());

        assertThat(key.isActive()).isTrue();
        assertThat(apiKeys.findActiveByHash(hash)).contains(key);
        assertThat(apiKeys.list(tid)).containsExactly(key, noScopes);
        assertThat(apiKeys.list(tid).get(1).scopes()).isEmpty();

        Instant at = Instant.now();
        assertThat(apiKeys.revoke(tid, key.id(), at)).isTrue();
        assertThat(apiKeys.revoke(tid, key.id(), at)).isFalse();
        assertThat(apiKeys.findActiveByHash(hash)).isEmpty();
        assertThat(apiKeys.list(tid).get(0).revokedAt()).isEqualTo(at.truncatedTo(ChronoUnit.MICROS));
        assertThat(apiKeys.revoke(tid, UUID.randomUUID().toString(), at)).isFalse();
    }

    @Test
    void apiKeysOfAnotherTenantAreInvisibleAndCannotBeRevoked() {
        Registration a = register();
        Registration b = register();
        String hash = hash();
        ApiKey key = apiKeys.create(a.tenant().id(), "k", "bw_k", hash, List.of("read"), a.owner().id());

        assertThat(apiKeys.list(b.tenant().id())).isEmpty();
        assertThat(apiKeys.revoke(b.tenant().id(), key.id(), Instant.now())).isFalse();
        assertThat(apiKeys.findActiveByHash(hash)).contains(key);
    }

    @Test
    void duplicateKeyHashIsDuplicateKeyAndScopesWithWhitespaceAreRejected() {
        Registration a = register();
        String hash = hash();
        apiKeys.create(a.tenant().id(), "k", "bw_k", hash, List.of("read"), a.owner().id());

        assertThatThrownBy(() -> apiKeys.create(a.tenant().id(), "k2", "bw_k", hash, List.of(), a.owner().id()))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> apiKeys.create(a.tenant().id(), "k3", "bw_k", hash(), List.of("a b"),
                a.owner().id())).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- projects

    @Test
    void projectLifecycle() {
        Registration a = register();
        String tid = a.tenant().id();
        Project p1 = projects.create(tid, "Alpha", "first", null);
        Project p2 = projects.create(tid, "Beta", "second", "https://hooks.example/b");

        assertThat(projects.find(tid, p1.id())).contains(p1);
        assertThat(projects.list(tid)).containsExactly(p1, p2);

        Project updated = projects.update(tid, p1.id(), "Alpha 2", "changed", "https://hooks.example/a").orElseThrow();
        assertThat(updated.name()).isEqualTo("Alpha 2");
        assertThat(updated.description()).isEqualTo("changed");
        assertThat(updated.webhookUrl()).isEqualTo("https://hooks.example/a");
        assertThat(updated.createdAt()).isEqualTo(p1.createdAt());
        assertThat(updated.updatedAt()).isAfter(p1.updatedAt());
        assertThat(projects.find(tid, p1.id())).contains(updated);

        assertThat(projects.delete(tid, p1.id())).isTrue();
        assertThat(projects.delete(tid, p1.id())).isFalse();
        assertThat(projects.find(tid, p1.id())).isEmpty();
        assertThat(projects.update(tid, p1.id(), "x", "y", null)).isEmpty();
        assertThat(projects.list(tid)).containsExactly(p2);
    }

    @Test
    void projectsOfAnotherTenantBehaveAsUnknown() {
        Registration a = register();
        Registration b = register();
        Project p = projects.create(a.tenant().id(), "Secret", "of a", null);
        String other = b.tenant().id();

        assertThat(projects.find(other, p.id())).isEmpty();
        assertThat(projects.list(other)).isEmpty();
        assertThat(projects.update(other, p.id(), "Hacked", "by b", "https://evil.example")).isEmpty();
        assertThat(projects.delete(other, p.id())).isFalse();
        assertThat(projects.find(a.tenant().id(), p.id())).contains(p);
    }

    // ---------------------------------------------------------------- sessions

    @Test
    void sessionIsCreatedFoundAndRevokedOnce() {
        Registration a = register();
        String sid = UUID.randomUUID().toString();
        sessions.create(sid, a.tenant().id(), a.owner().id(), T0, T0.plus(Duration.ofDays(14)), hash(),
                T0.plus(Duration.ofDays(14)));

        SessionRow row = sessions.find(sid).orElseThrow();
        assertThat(row).isEqualTo(new SessionRow(sid, a.tenant().id(), a.owner().id(), T0,
                T0.plus(Duration.ofDays(14)), null, null));
        assertThat(sessions.revoke(sid, T0.plusSeconds(5), "logout")).isTrue();
        assertThat(sessions.revoke(sid, T0.plusSeconds(6), "logout")).isFalse();
        assertThat(sessions.find(sid).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(sessions.find(sid).orElseThrow().revokeReason()).isEqualTo("logout");
        assertThat(sessions.find(UUID.randomUUID().toString())).isEmpty();
        assertThat(sessions.revoke(UUID.randomUUID().toString(), T0, "logout")).isFalse();
    }

    @Test
    void duplicateSessionIsDuplicateKey() {
        Registration a = register();
        String sid = UUID.randomUUID().toString();
        Instant exp = T0.plus(Duration.ofDays(1));
        sessions.create(sid, a.tenant().id(), a.owner().id(), T0, exp, hash(), exp);
        assertThatThrownBy(() -> sessions.create(sid, a.tenant().id(), a.owner().id(), T0, exp, hash(), exp))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void rotationSpendsTheTokenAndReuseRevokesTheSession() {
        Registration a = register();
        String sid = UUID.randomUUID().toString();
        String first = hash();
        String second = hash();
        String third = hash();
        Instant exp = T0.plus(Duration.ofDays(14));
        sessions.create(sid, a.tenant().id(), a.owner().id(), T0, exp, first, exp);

        RotationResult rotated = sessions.rotate(first, second, T0.plusSeconds(60), exp);
        assertThat(rotated.outcome()).isEqualTo(Outcome.ROTATED);
        assertThat(rotated.session().id()).isEqualTo(sid);
        assertThat(sessions.rotate(second, third, T0.plusSeconds(120), exp).outcome()).isEqualTo(Outcome.ROTATED);

        RotationResult reused = sessions.rotate(first, hash(), T0.plusSeconds(180), exp);
        assertThat(reused.outcome()).isEqualTo(Outcome.REUSED);
        assertThat(reused.session().revokedAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(reused.session().revokeReason()).isEqualTo(SessionRepository.REASON_REUSE);
        assertThat(sessions.find(sid).orElseThrow().revokeReason()).isEqualTo("refresh_reuse");

        // The family is dead: even its newest token no longer rotates.
        assertThat(sessions.rotate(third, hash(), T0.plusSeconds(240), exp).outcome()).isEqualTo(Outcome.INACTIVE);
    }

    @Test
    void unknownTokenIsNotFound() {
        RotationResult result = sessions.rotate(hash(), hash(), T0, T0.plusSeconds(60));
        assertThat(result.outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(result.session()).isNull();
    }

    @Test
    void tokenOfRevokedSessionIsInactive() {
        Registration a = register();
        String sid = UUID.randomUUID().toString();
        String token = hash();
        Instant exp = T0.plus(Duration.ofDays(14));
        sessions.create(sid, a.tenant().id(), a.owner().id(), T0, exp, token, exp);
        sessions.revoke(sid, T0.plusSeconds(1), "logout");

        RotationResult result = sessions.rotate(token, hash(), T0.plusSeconds(2), exp);
        assertThat(result.outcome()).isEqualTo(Outcome.INACTIVE);
        assertThat(result.session().revokeReason()).isEqualTo("logout");
    }

    @Test
    void expiredTokenAndExpiredSessionAreInactive() {
        Registration a = register();
        String sid = UUID.randomUUID().toString();
        String token = hash();
        Instant sessionExp = T0.plus(Duration.ofDays(14));
        Instant tokenExp = T0.plus(Duration.ofDays(1));
        sessions.create(sid, a.tenant().id(), a.owner().id(), T0, sessionExp, token, tokenExp);

        assertThat(sessions.rotate(token, hash(), tokenExp, sessionExp).outcome()).isEqualTo(Outcome.INACTIVE);

        String sid2 = UUID.randomUUID().toString();
        String token2 = hash();
        sessions.create(sid2, a.tenant().id(), a.owner().id(), T0, tokenExp, token2, sessionExp);
        assertThat(sessions.rotate(token2, hash(), tokenExp.plusSeconds(1), sessionExp).outcome())
                .isEqualTo(Outcome.INACTIVE);
        // Inactive changes nothing: the session was not revoked, the token not spent.
        assertThat(sessions.find(sid).orElseThrow().revokedAt()).isNull();
        assertThat(sessions.rotate(token, hash(), T0.plusSeconds(1), sessionExp).outcome())
                .isEqualTo(Outcome.ROTATED);
    }

    @Test
    void concurrentRotationsOfOneTokenHaveExactlyOneWinner() throws Exception {
        Registration a = register();
        String sid = UUID.randomUUID().toString();
        String token = hash();
        Instant exp = T0.plus(Duration.ofDays(14));
        sessions.create(sid, a.tenant().id(), a.owner().id(), T0, exp, token, exp);

        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Outcome> call = () -> {
                    start.await();
                    return sessions.rotate(token, hash(), T0.plusSeconds(10), exp).outcome();
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            // One winner. Every loser saw the token spent: the first of them revoked the session
            // (REUSED); a loser that read after that revocation finds the session inactive.
            assertThat(outcomes).filteredOn(o -> o == Outcome.ROTATED).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o == Outcome.REUSED).isNotEmpty();
            assertThat(outcomes).containsOnly(Outcome.ROTATED, Outcome.REUSED, Outcome.INACTIVE);
            assertThat(sessions.find(sid).orElseThrow().revokeReason()).isEqualTo("refresh_reuse");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void revokeAllForUserRevokesOnlyTheUsersActiveSessions() {
        Registration a = register();
        User other = users.create(a.tenant().id(), "other@x.test", "O", "h", "member");
        String tid = a.tenant().id();
        String uid = a.owner().id();
        Instant exp = T0.plus(Duration.ofDays(14));
        String s1 = UUID.randomUUID().toString();
        String s2 = UUID.randomUUID().toString();
        String alreadyRevoked = UUID.randomUUID().toString();
        String expired = UUID.randomUUID().toString();
        String othersSession = UUID.randomUUID().toString();
        sessions.create(s1, tid, uid, T0, exp, hash(), exp);
        sessions.create(s2, tid, uid, T0, exp, hash(), exp);
        sessions.create(alreadyRevoked, tid, uid, T0, exp, hash(), exp);
        sessions.create(expired, tid, uid, T0, T0.plusSeconds(30), hash(), T0.plusSeconds(30));
        sessions.create(othersSession, tid, other.id(), T0, exp, hash(), exp);
        sessions.revoke(alreadyRevoked, T0.plusSeconds(1), "logout");

        List<String> revoked = sessions.revokeAllForUser(uid, T0.plusSeconds(60), "logout_all");
        assertThat(revoked).containsExactlyInAnyOrder(s1, s2);
        assertThat(sessions.find(s1).orElseThrow().revokeReason()).isEqualTo("logout_all");
        assertThat(sessions.find(alreadyRevoked).orElseThrow().revokeReason()).isEqualTo("logout");
        assertThat(sessions.find(othersSession).orElseThrow().revokedAt()).isNull();
        assertThat(sessions.revokeAllForUser(uid, T0.plusSeconds(61), "logout_all")).isEmpty();

        assertThat(sessions.revokedSessionIds(T0.plusSeconds(60)))
                .contains(s1, s2, alreadyRevoked)
                .doesNotContain(expired, othersSession);
    }

    @Test
    void purgeExpiredDeletesExpiredSessionsAndTokens() {
        Registration a = register();
        Instant far = Instant.parse("2031-01-01T00:00:00Z");
        Instant end = far.plus(Duration.ofDays(1));
        String old = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        String liveToken = hash();
        String expiredToken = hash();
        sessions.create(old, a.tenant().id(), a.owner().id(), far, far.plusSeconds(10), hash(), far.plusSeconds(10));
        sessions.create(live, a.tenant().id(), a.owner().id(), far, end.plus(Duration.ofDays(1)), expiredToken,
                far.plusSeconds(10));
        // give the live session a current token: rotate the soon-expiring one before it expires
        assertThat(sessions.rotate(expiredToken, liveToken, far.plusSeconds(1), end.plusSeconds(1)).outcome())
                .isEqualTo(Outcome.ROTATED);

        assertThat(sessions.purgeExpired(end)).isGreaterThanOrEqualTo(3); // old session, its token, spent token
        assertThat(sessions.find(old)).isEmpty();
        assertThat(sessions.find(live)).isPresent();
        assertThat(sessions.rotate(expiredToken, hash(), end, end.plusSeconds(1)).outcome())
                .isEqualTo(Outcome.NOT_FOUND);
        assertThat(sessions.rotate(liveToken, hash(), end, end.plusSeconds(2)).outcome()).isEqualTo(Outcome.ROTATED);
    }

    // ---------------------------------------------------------------- helpers

    private Registration register() {
        String slug = slug();
        return tenants.registerTenantWithOwner(slug, "Tenant " + slug, "owner@" + slug + ".test", "Owner", "hash");
    }

    private static String slug() {
        return "t-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    }

    private static String hash() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
