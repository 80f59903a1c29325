package dev.bulwark.session;

/** The outcome of a rotation and the session it concerned ({@code null} for {@link RotationOutcome#NOT_FOUND}). */
public record RotationResult(RotationOutcome outcome, SessionRecord session) {
}
