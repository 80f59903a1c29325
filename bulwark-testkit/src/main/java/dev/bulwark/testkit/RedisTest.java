package dev.bulwark.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real {@code redis-server} of its own, started on a free
 * port before the first test that asks for it and killed after the last.
 *
 * <pre>{@code
 * @RedisTest
 * class MyStoreTest {
 *     @Test void works(RedisServerProcess redis) { ... redis.url() ... }
 * }
 * }</pre>
 *
 * <p>Every test method (and a {@code PER_CLASS} constructor) of the class that declares a {@link
 * RedisServerProcess} parameter receives the same process; a test that kills it should {@link
 * RedisServerProcess#restart() restart} it. Tests that need several servers start them with
 * {@link RedisServerProcess#start(RedisServerProcess.Options)}. See {@link RedisServerExtension}.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisServerExtension.class)
public @interface RedisTest {

    /** {@code requirepass}; empty for none. */
    String password() default "";

    /** AOF persistence, so that a restart keeps the data. */
    boolean appendOnly() default false;
}
