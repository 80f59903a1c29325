package dev.bulwark.tools.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * The value of {@code --env}: one of the server's environments, spelled as {@code BULWARK_ENV} would be
 * ({@code development}, {@code staging}, {@code production}). It names files ({@code .env.ENV},
 * {@code config/ENV/keys}), so nothing else gets through. A bad value is a parameter error: exit 2.
 */
public record DeploymentName(String value) {

    public DeploymentName {
        if (!value.equals("development") && !value.equals("staging") && !value.equals("production")) {
            throw new IllegalArgumentException("'" + value + "' is not an environment: use development, staging or "
                    + "production");
        }
    }

    public boolean isDevelopment() {
        return value.equals("development");
    }

    /** The dotenv file of this environment, relative to the working directory. */
    public String envFile() {
        return ".env." + value;
    }

    /** Where {@code keys init} puts the signing keys, relative to the working directory. */
    public String defaultKeysDir() {
        return "config/" + value + "/keys";
    }

    @Override
    public String toString() {
        return value;
    }

    /** picocli converter for {@code --env}. */
    public static final class Converter implements CommandLine.ITypeConverter<DeploymentName> {
        @Override
        public DeploymentName convert(String text) {
            try {
                return new DeploymentName(text.trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
