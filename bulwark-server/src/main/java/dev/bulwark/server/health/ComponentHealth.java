package dev.bulwark.server.health;

/** One line of {@code /health}: {@code UP}, {@code DEGRADED} (serving, with a fallback), {@code DOWN} or {@code DISABLED}. */
public record ComponentHealth(String status, String detail) {

    public static ComponentHealth up() {
        return new ComponentHealth("UP", null);
    }

    public boolean isUp() {
        return status.equals("UP");
    }

    public boolean isDegraded() {
        return status.equals("DEGRADED");
    }
}
