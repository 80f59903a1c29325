/** Password hashing: Argon2id, PHC strings, timing-equalised verification for unknown users. */
package dev.bulwark.password;
