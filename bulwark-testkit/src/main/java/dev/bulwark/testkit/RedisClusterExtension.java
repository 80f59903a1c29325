package dev.bulwark.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Resolves {@link RedisClusterProcesses} parameters with one three-master Cluster per test class,
 * started lazily and killed when the class is done.
 */
public final class RedisClusterExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisClusterProcesses.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return PerClassResource.get(extensionContext, RedisClusterExtension.class, RedisClusterProcesses.class,
                () -> RedisClusterProcesses.start(options(extensionContext)));
    }

    private static RedisServerProcess.Options options(ExtensionContext context) {
        String password = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, RedisClusterTest.class))
                .map(RedisClusterTest::password)
                .orElse("");
        RedisServerProcess.Options options = RedisServerProcess.Options.defaults();
        return password.isEmpty() ? options : options.withPassword(password);
    }
}
