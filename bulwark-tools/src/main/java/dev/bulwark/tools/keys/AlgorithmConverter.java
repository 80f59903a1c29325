package dev.bulwark.tools.keys;

import dev.bulwark.token.SigningAlgorithm;
import picocli.CommandLine;

/** {@code --alg}: EdDSA, ES256 or RS256 (any letter case); anything else is a parameter error, exit 2. */
final class AlgorithmConverter implements CommandLine.ITypeConverter<SigningAlgorithm> {
    @Override
    public SigningAlgorithm convert(String text) {
        try {
            return SigningAlgorithm.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
