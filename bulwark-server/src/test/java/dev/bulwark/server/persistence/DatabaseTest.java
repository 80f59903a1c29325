package dev.bulwark.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @Test
    void h2FileDatabaseKeepsItsDataAcrossRestarts(@TempDir Path dir) {
        String url = Database.h2FileUrl(dir);
        String tenantId;
        Instant epoch = Instant.parse("2030-05-05T05:05:05.555555Z");
        try (Database db = Database.open(url, "sa", "")) {
            tenantId = new TenantRepository(db.jdbi())
                    .registerTenantWithOwner("durable", "Durable", "o@d.test", "O", "hash").tenant().id();
            new JdbcChangeLog(db.jdbi(), java.time.Clock.systemUTC())
                    .append(dev.bulwark.sync.StateChange.Kind.USER_REVOKED_BEFORE, "user-1", epoch);
        }
        assertThat(dir.resolve("bulwark.mv.db")).exists();

        try (Database db = Database.open(url, "sa", "")) {
            assertThat(new TenantRepository(db.jdbi()).findBySlug("durable").orElseThrow().id()).isEqualTo(tenantId);
            assertThat(new UserRepository(db.jdbi()).findByEmail(tenantId, "o@d.test")).isPresent();
            assertThat(new JdbcChangeLog(db.jdbi(), java.time.Clock.systemUTC()).since(0, 10))
                    .singleElement().satisfies(change -> assertThat(change.until()).isEqualTo(epoch));
        }
    }

    @Test
    void h2FileUrlIsAbsoluteAndOpensNoPort(@TempDir Path dir) {
        String url = Database.h2FileUrl(dir.resolve("sub/.."));
        assertThat(url).startsWith("jdbc:h2:file:" + dir.toAbsolutePath() + "/bulwark;")
                .contains("DB_CLOSE_ON_EXIT=FALSE")
                .doesNotContain("AUTO_SERVER");
    }

    @Test
    void unreachableDatabaseFailsFastWithoutShowingThePassword() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Database.open(
                "jdbc:postgresql://127.0.0.1:1/test?user=bulwark&password=s3cr3t-in-url", "bulwark", "s3cr3t-arg"))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("s3cr3t");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void wrongH2CredentialsAreUnavailableWithoutThePassword(@TempDir Path dir) {
        String url = Database.h2FileUrl(dir);
        try (Database db = Database.open(url, "sa", "right-password")) {
            assertThat(db.isHealthy(Duration.ofSeconds(1))).isTrue();
        }
        assertThatThrownBy(() -> Database.open(url, "sa", "wrong-password"))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageNotContaining("wrong-password")
                .hasMessageNotContaining("right-password");
    }

    @Test
    void closedDatabaseIsUnhealthyAndSaysSoWithoutThrowing() {
        Database db = Database.open("jdbc:h2:mem:closed-" + System.nanoTime(), "sa", "");
        db.close();
        assertThat(db.isHealthy(Duration.ofMillis(500))).isFalse();
        db.close();
    }

    @Test
    void healthCheckAnswersWithinItsTimeoutEvenWhenThePoolIsExhausted() {
        try (Database db = Database.open("jdbc:h2:mem:exhausted-" + System.nanoTime(), "sa", "")) {
            List<Handle> held = new ArrayList<>();
            try {
                for (int i = 0; i < Database.MAX_POOL_SIZE; i++) {
                    held.add(db.jdbi().open());
                }
                long start = System.nanoTime();
                assertThat(db.isHealthy(Duration.ofMillis(300))).isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            } finally {
                held.forEach(Handle::close);
            }
        }
    }

    @Test
    void redactRemovesPasswords() {
        assertThat(Database.redact("jdbc:postgresql://h/db?user=u&password=p&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(Database.redact("jdbc:h2:file:/x;PASSWORD=p;MODE=x")).isEqualTo("jdbc:h2:file:/x;PASSWORD=***;MODE=x");
        assertThat(Database.redact("jdbc:postgresql://u:p@h/db")).isEqualTo("jdbc:postgresql://u:***@h/db");
    }
}
