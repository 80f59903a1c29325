package dev.bulwark.testkit;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * Gives each test class a fresh PostgreSQL schema and drops it afterwards.
 *
 * <p>Life cycle: the schema is created the first time it is needed for a class — in
 * {@code beforeAll}, or earlier when a {@code PER_CLASS} test instance asks for a
 * {@link TestPostgres} in its constructor — and dropped with {@code DROP SCHEMA ... CASCADE}
 * in {@code afterAll} of the same class. {@code @Nested} classes see their enclosing
 * class's schema (the store lookup walks up to the parent context) and do not drop it.
 *
 * <p>Without {@code BULWARK_TEST_POSTGRES_URL} every test of the class is aborted (skipped)
 * through {@link Assumptions}, and the reason is printed to {@code System.err} as well.
 *
 * <p>Why a schema and not a database: {@code CREATE DATABASE} needs a privilege a test user
 * may not have and is slow; a schema is cheap, and {@code currentSchema} in the URL points
 * every unqualified name (and Flyway's default schema) at it.
 */
public final class PostgresDatabaseExtension
        implements BeforeAllCallback, AfterAllCallback, TestInstancePreConstructCallback, ParameterResolver {

    /** The environment variable naming the PostgreSQL server. */
    public static final String ENV = "BULWARK_TEST_POSTGRES_URL";

    static final String SKIP_MESSAGE = ENV + " is not set: PostgreSQL tests skipped";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresDatabaseExtension.class);
    private static final String KEY = "schema";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A created schema and the unique id of the class context that owns (and drops) it. */
    private record OwnedSchema(TestPostgres postgres, String adminUrl, String ownerId) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        schemaFor(context);
    }

    /**
     * With {@code PER_CLASS} the instance is constructed before {@code beforeAll}; abort here
     * too, because an abort thrown while resolving a constructor parameter is reported as an
     * error, not as a skip.
     */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        requireUrl();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        OwnedSchema owned = store.get(KEY, OwnedSchema.class);
        if (owned != null && owned.ownerId().equals(context.getUniqueId())) {
            store.remove(KEY);
            dropSchema(owned);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return schemaFor(extensionContext).postgres();
    }

    private static OwnedSchema schemaFor(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(NAMESPACE);
        OwnedSchema existing = store.get(KEY, OwnedSchema.class);
        if (existing != null) {
            return existing;
        }
        OwnedSchema created = createSchema(requireUrl(), classContext.getUniqueId());
        store.put(KEY, created);
        return created;
    }

    private static String requireUrl() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            System.err.println(SKIP_MESSAGE);
            Assumptions.abort(SKIP_MESSAGE);
        }
        return url.trim();
    }

    private static OwnedSchema createSchema(String url, String ownerId) {
        PostgresUrl parsed = PostgresUrl.parse(url);
        String schema = "bw_test_" + HexFormat.of().formatHex(randomBytes(8));
        TestPostgres postgres = new TestPostgres(
                parsed.withCurrentSchema(schema), parsed.param("user"), parsed.param("password"), schema);
        OwnedSchema owned = new OwnedSchema(postgres, parsed.withoutCurrentSchema(), ownerId);
        execute(owned, "CREATE SCHEMA " + schema);
        return owned;
    }

    private static void dropSchema(OwnedSchema owned) {
        execute(owned, "DROP SCHEMA IF EXISTS " + owned.postgres().schema() + " CASCADE");
    }

    private static void execute(OwnedSchema owned, String sql) {
        TestPostgres admin = new TestPostgres(
                owned.adminUrl(), owned.postgres().user(), owned.postgres().password(), owned.postgres().schema());
        try (Connection c = admin.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new ExtensionConfigurationException("PostgreSQL from " + ENV + " ("
                    + PostgresUrl.redact(owned.adminUrl()) + ") failed on: " + sql + ": " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
