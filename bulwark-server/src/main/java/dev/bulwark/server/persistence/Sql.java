package dev.bulwark.server.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.argument.Argument;

/**
 * What every repository needs to talk to both H2 and PostgreSQL the same way.
 *
 * <p>Timestamps go in and out as {@link OffsetDateTime} in UTC through
 * {@code setObject}/{@code getObject} (JDBC 4.2), never through {@code java.sql.Timestamp},
 * which passes through the JVM's default time zone. They are truncated to microseconds,
 * the precision of both databases, so what is written reads back equal.
 */
final class Sql {

    /** SQLState of a unique-constraint violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** A bindable TIMESTAMP WITH TIME ZONE; {@code null} binds SQL NULL. */
    static Argument timestamp(Instant instant) {
        if (instant == null) {
            return (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        }
        OffsetDateTime value = micros(instant).atOffset(ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, value);
    }

    /** Reads a TIMESTAMP WITH TIME ZONE column; SQL NULL reads as {@code null}. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Runs {@code action}, turning a unique-constraint violation anywhere in the cause chain
     * into a {@link DuplicateKeyException} whose message is {@code what}.
     */
    static <T> T failingOnDuplicate(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateKeyException(what, e);
            }
            throw e;
        }
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
