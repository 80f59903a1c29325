package dev.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void addsCurrentSchemaToUrlWithoutQuery() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(url.withCurrentSchema("bw_test_ab")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bw_test_ab");
        assertThat(url.withoutCurrentSchema()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(url.param("user")).isNull();
    }

    @Test
    void keepsExistingParamsAndReplacesCurrentSchema() {
        PostgresUrl url = PostgresUrl.parse(
                "jdbc:postgresql://db:5432/test?user=postgres&currentSchema=other&password=p%26w&ssl=false");
        assertThat(url.withCurrentSchema("bw_test_ab")).isEqualTo(
                "jdbc:postgresql://db:5432/test?user=postgres&password=p%26w&ssl=false&currentSchema=bw_test_ab");
        assertThat(url.withoutCurrentSchema()).isEqualTo("jdbc:postgresql://db:5432/test?user=postgres&password=p%26w&ssl=false");
        assertThat(url.param("user")).isEqualTo("postgres");
        assertThat(url.param("password")).isEqualTo("p&w");
    }

    @Test
    void redactsPassword() {
        assertThat(PostgresUrl.redact("jdbc:postgresql://h/d?user=u&password=secret&x=1"))
                .isEqualTo("jdbc:postgresql://h/d?user=u&password=***&x=1");
    }

    @Test
    void rejectsOtherUrls() {
        assertThatThrownBy(() -> PostgresUrl.parse("jdbc:h2:mem:x")).isInstanceOf(IllegalArgumentException.class);
    }
}
