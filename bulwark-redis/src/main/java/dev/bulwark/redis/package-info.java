/**
 * The Redis side of Bulwark's shared state: a Lettuce connection from a URL, Lua scripts for
 * every rate-limit algorithm, and a circuit breaker that falls back to in-process decisions when
 * Redis fails.
 */
package dev.bulwark.redis;
