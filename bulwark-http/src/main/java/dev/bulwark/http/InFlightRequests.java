package dev.bulwark.http;

import io.javalin.http.Context;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the requests being handled so that a shutdown can let them finish. Once {@link #drain} starts, new
 * requests are answered 503 with {@code Connection: close} (a load balancer retries them elsewhere) and the
 * caller waits until the last in-flight request has completed, or the grace period ends.
 *
 * <p>Jetty can do this with its {@code GracefulHandler}, but Javalin builds the handler chain itself; counting
 * in the pipeline keeps the behaviour in our code, where it is tested.
 */
public final class InFlightRequests {

    private static final Duration QUIET = Duration.ofMillis(200);

    private final AtomicBoolean draining = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int active;

    /** Pipeline step: once draining, new requests are refused. */
    void refuseWhenDraining(Context ctx) {
        if (draining.get()) {
            ctx.header("Connection", "close");
            throw new ProblemException(503, "Service Unavailable", "the server is shutting down; retry",
                    java.util.List.of(), java.util.Map.of("Retry-After", "1"));
        }
    }

    /**
     * Counts at the servlet level, where the container guarantees one end for every start — also for requests
     * that fail, time out or whose client goes away, which skip Javalin's after-handlers.
     */
    ServletRequestListener counter() {
        return new ServletRequestListener() {
            @Override
            public void requestInitialized(ServletRequestEvent event) {
                lock.lock();
                try {
                    active++;
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void requestDestroyed(ServletRequestEvent event) {
                lock.lock();
                try {
                    active--;
                    if (active <= 0) {
                        idle.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /** Refuses new requests and waits for the running ones; returns false when the grace period ran out. */
    public boolean drain(Duration grace) throws InterruptedException {
        draining.set(true);
        long remaining = grace.toNanos();
        lock.lock();
        try {
            // Idle means no request for a short quiet period: one that was read off an open connection a moment
            // ago may not have reached the counter yet.
            long quietUntil = System.nanoTime() + QUIET.toNanos();
            while (active > 0 || System.nanoTime() < quietUntil) {
                if (remaining <= 0) {
                    return false;
                }
                long wait = active > 0 ? remaining : Math.min(remaining, quietUntil - System.nanoTime());
                long before = System.nanoTime();
                boolean wasBusy = active > 0;
                idle.awaitNanos(Math.max(wait, 1));
                remaining -= System.nanoTime() - before;
                if (wasBusy && active == 0) {
                    quietUntil = System.nanoTime() + QUIET.toNanos();
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public int active() {
        lock.lock();
        try {
            return active;
        } finally {
            lock.unlock();
        }
    }
}
