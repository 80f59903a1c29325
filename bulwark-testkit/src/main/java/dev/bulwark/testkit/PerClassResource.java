package dev.bulwark.testkit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps one resource per test class in JUnit's store. JUnit closes {@link AutoCloseable} values
 * when the class's context closes, after its last test; {@code @Nested} classes share their
 * outermost annotated class's resource, because the lookup is by the class-level context.
 */
final class PerClassResource {

    private PerClassResource() {
    }

    static <T extends AutoCloseable> T get(ExtensionContext context, Class<?> owner, Class<T> type,
            Supplier<T> start) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(ExtensionContext.Namespace.create(owner));
        return store.computeIfAbsent(type.getName(), k -> start.get(), type);
    }
}
