package dev.bulwark.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real three-master Redis Cluster of its own; test methods
 * declaring a {@link RedisClusterProcesses} parameter receive it.
 *
 * <pre>{@code
 * @RedisClusterTest
 * class MyClusterTest {
 *     @Test void works(RedisClusterProcesses cluster) { ... cluster.url() ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisClusterExtension.class)
public @interface RedisClusterTest {

    /** {@code requirepass} on every node; empty for none. */
    String password() default "";
}
