package dev.bulwark.server.config;

import java.util.List;

/** The configuration cannot be used; every problem found, each saying what to set and how. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
