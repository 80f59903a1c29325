package dev.bulwark.server.auth;

import dev.bulwark.password.PasswordHasher;
import dev.bulwark.server.persistence.TenantRepository;
import dev.bulwark.server.persistence.User;
import dev.bulwark.server.persistence.UserRepository;
import dev.bulwark.session.Subject;
import dev.bulwark.session.SubjectDirectory;
import java.util.List;
import java.util.Optional;

/**
 * Password accounts: sign-up of a tenant with its owner, and the password check of a login.
 *
 * <p>A login for an unknown tenant or user costs one Argon2 verification against a dummy hash, exactly like a
 * wrong password, so neither the answer nor its timing tells an attacker which accounts exist.
 */
public final class Accounts implements SubjectDirectory {

    private final TenantRepository tenants;
    private final UserRepository users;
    private final PasswordHasher hasher;

    public Accounts(TenantRepository tenants, UserRepository users, PasswordHasher hasher) {
        this.tenants = tenants;
        this.users = users;
        this.hasher = hasher;
    }

    public TenantRepository.Registration register(String slug, String email, String password, String name) {
        String hash = hasher.hash(password.toCharArray());
        return tenants.registerTenantWithOwner(slug, slug, email, name, hash);
    }

    /** The subject whose password this is, or empty; always takes one full password verification. */
    public Optional<Subject> checkPassword(String tenantSlug, String email, String password) {
        char[] chars = password.toCharArray();
        Optional<User> user = tenants.findBySlug(tenantSlug).flatMap(t -> users.findByEmail(t.id(), email));
        if (user.isEmpty()) {
            hasher.verifyDummy(chars);
            return Optional.empty();
        }
        if (!hasher.verify(chars, user.get().passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(subject(user.get()));
    }

    @Override
    public Optional<Subject> current(String tenantId, String userId) {
        return users.findById(tenantId, userId).map(Accounts::subject);
    }

    static Subject subject(User user) {
        return new Subject(user.id(), user.tenantId(), user.role(), List.of());
    }
}
