package dev.bulwark.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Resolves {@link RedisServerProcess} parameters with one process per test class, started lazily
 * (a class whose tests ask for none starts none) with the options of the class's {@link RedisTest}
 * and killed, its temp directory deleted, when the class is done.
 */
public final class RedisServerExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisServerProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return PerClassResource.get(extensionContext, RedisServerExtension.class, RedisServerProcess.class,
                () -> RedisServerProcess.start(options(extensionContext)));
    }

    private static RedisServerProcess.Options options(ExtensionContext context) {
        RedisServerProcess.Options options = RedisServerProcess.Options.defaults();
        RedisTest annotation = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, RedisTest.class))
                .orElse(null);
        if (annotation != null) {
            if (!annotation.password().isEmpty()) {
                options = options.withPassword(annotation.password());
            }
            if (annotation.appendOnly()) {
                options = options.withAppendOnly();
            }
        }
        return options;
    }
}
