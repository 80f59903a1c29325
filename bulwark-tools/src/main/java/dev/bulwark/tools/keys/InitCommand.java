package dev.bulwark.tools.keys;

import dev.bulwark.core.Sha256;
import dev.bulwark.token.KeyDirectory;
import dev.bulwark.token.SigningAlgorithm;
import dev.bulwark.token.SigningKey;
import dev.bulwark.tools.cli.DeploymentName;
import dev.bulwark.tools.cli.ToolContext;
import dev.bulwark.tools.git.GitWorkTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bulwark keys init --env ENV [--alg A] [--force]}: the first signing key in {@code config/ENV/keys/},
 * a fresh operator token, and {@code .env.ENV} from the shipped template.
 *
 * <p>Order matters: every refusal (bad arguments, a work tree that would pick the secrets up, existing files) comes
 * before anything is written, so a refused run changes nothing. The operator token is printed once and never
 * stored; only its SHA-256 goes into {@code .env.ENV}, which is what the server compares against.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create the signing key, the operator token and .env.ENV for an environment.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:created", "1:.env.ENV or keys exist (use --force to replace them)",
            "2:bad arguments, or the files would not be git-ignored"})
final class InitCommand implements Callable<Integer> {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ToolContext context;

    @Option(names = "--env", required = true, converter = DeploymentName.Converter.class,
            description = "development, staging or production")
    DeploymentName env;

    @Option(names = "--alg", converter = AlgorithmConverter.class, defaultValue = "EdDSA",
            description = "EdDSA (default), ES256 or RS256")
    SigningAlgorithm alg;

    @Option(names = "--force", description = "replace an existing .env.ENV and keys (every token signed with the "
            + "old keys stops verifying, and the old operator token stops working)")
    boolean force;

    InitCommand(ToolContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = context.out();
        PrintWriter err = context.err();
        Path envFile = context.resolve(env.envFile());
        Path keysDir = context.resolve(env.defaultKeysDir());

        GitWorkTree git = new GitWorkTree(context.workingDir());
        if (git.isWorkTree()) {
            List<String> exposed = git.notIgnored(List.of(env.envFile(), env.defaultKeysDir() + "/key.jwk.json"));
            if (!exposed.isEmpty()) {
                err.println("bulwark keys init: refusing to write secrets into a git work tree where git would not "
                        + "ignore them: " + String.join(", ", exposed));
                err.println("  fix: add these lines to the .gitignore of " + context.workingDir() + ":");
                err.println("    .env.*");
                err.println("    !.env.example");
                err.println("    config/*/keys/");
                err.println("  (check with: git check-ignore -v " + env.envFile() + " " + env.defaultKeysDir()
                        + "/key.jwk.json), or run keys init outside the work tree");
                return 2;
            }
        }

        List<Path> oldKeys = keyFiles(keysDir);
        if (!force && (Files.exists(envFile) || !oldKeys.isEmpty())) {
            err.println("bulwark keys init: " + (Files.exists(envFile) ? env.envFile() : "")
                    + (Files.exists(envFile) && !oldKeys.isEmpty() ? " and " : "")
                    + (oldKeys.isEmpty() ? "" : oldKeys.size() + " key file(s) in " + env.defaultKeysDir())
                    + " already exist; nothing was changed.");
            err.println("  To add a key keep the old ones: ./bulwark keys rotate --env " + env);
            err.println("  To start over (old tokens and the old operator token stop working): add --force");
            return 1;
        }

        PrivateFiles.createDirectories(context.workingDir(), keysDir);
        if (PrivateFiles.posix(keysDir)) {
            Files.setPosixFilePermissions(keysDir, PrivateFiles.DIR);
        }
        for (Path old : oldKeys) {
            Files.delete(old);
        }
        SigningKey key = KeyDirectory.generateInto(keysDir, alg, context.clock());

        String token = "bwop_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("BULWARK_ENV", env.value());
        values.put("BULWARK_KEYS_DIR", env.defaultKeysDir());
        values.put("BULWARK_JWT_ALG", alg.name());
        values.put("BULWARK_ADMIN_TOKEN_HASH", Sha256.hex(token));
        PrivateFiles.write(envFile, EnvTemplate.fill(EnvTemplate.shipped(), values));

        if (!oldKeys.isEmpty()) {
            out.println("Removed " + oldKeys.size() + " old key file(s) (--force).");
        }
        out.println("Created " + env.defaultKeysDir() + "/" + key.kid() + ".jwk.json  (" + alg + ", 0600; directory 0700)");
        out.println("Created " + env.envFile() + "  (0600, from .env.example)");
        out.println();
        out.println("Operator token for /admin. It is shown this once and stored nowhere; only its SHA-256 is in "
                + env.envFile() + ". Put it in your password manager now:");
        out.println();
        out.println("  " + token);
        out.println();
        out.println("Next: set the database and Redis in " + env.envFile() + ", then run: ./bulwark audit --env " + env);
        return 0;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Key files ({@code *.jwk.json}, {@code *.pem}) in {@code dir}; empty when it does not exist. */
    static List<Path> keyFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && (name.endsWith(".jwk.json") || name.endsWith(".pem"))) {
                    files.add(entry);
                }
            }
        }
        files.sort(null);
        return files;
    }
}
