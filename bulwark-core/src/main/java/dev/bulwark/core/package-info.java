/**
 * Bulwark core: tokens, sessions, rate-limit algorithms, abuse guards and validation.
 * Nothing here knows about HTTP, Redis or SQL.
 */
package dev.bulwark.core;
