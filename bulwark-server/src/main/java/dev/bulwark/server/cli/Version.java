package dev.bulwark.server.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}, from the jar manifest when there is one. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"bulwark " + (version == null ? "development build" : version)};
    }
}
