package dev.bulwark.server.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Admin blocks, durable: what {@code GET /admin/blocks} lists and an operator lifts. */
public final class AddressBlockRepository {

    private static final RowMapper<AddressBlock> BLOCK = (rs, ctx) -> new AddressBlock(rs.getString("address"),
            rs.getString("reason"), Sql.instant(rs, "created_at"), Sql.instant(rs, "until_at"));

    private final Jdbi jdbi;

    public AddressBlockRepository(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /** Blocks the address, replacing an earlier block of it. */
    public AddressBlock put(String address, String reason, Instant createdAt, Instant until) {
        AddressBlock block = new AddressBlock(address, reason, Sql.micros(createdAt), Sql.micros(until));
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM address_blocks WHERE address = :address").bind("address", address).execute();
            h.createUpdate("INSERT INTO address_blocks (address, reason, created_at, until_at)"
                            + " VALUES (:address, :reason, :created, :until)")
                    .bind("address", address)
                    .bind("reason", reason)
                    .bind("created", Sql.timestamp(block.createdAt()))
                    .bind("until", Sql.timestamp(block.until()))
                    .execute();
        });
        return block;
    }

    /** Blocks in force at {@code now}, newest first. */
    public List<AddressBlock> active(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM address_blocks"
                        + " WHERE until_at IS NULL OR until_at > :now ORDER BY created_at DESC, address")
                .bind("now", Sql.timestamp(now))
                .map(BLOCK)
                .list());
    }

    /** Returns false when the address was not blocked. */
    public boolean remove(String address) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM address_blocks WHERE address = :address")
                .bind("address", address).execute()) > 0;
    }

    public int purgeExpired(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM address_blocks WHERE until_at IS NOT NULL AND until_at <= :now")
                .bind("now", Sql.timestamp(now)).execute());
    }
}
