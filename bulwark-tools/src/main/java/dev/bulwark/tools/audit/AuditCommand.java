package dev.bulwark.tools.audit;

import dev.bulwark.tools.cli.ToolContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bulwark audit --env ENV [--json FILE]}: checks the configuration of a deployment environment. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audit the configuration of ENV (.env.ENV, the environment, keys, Redis, PostgreSQL, git).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed (warnings allowed)", "1:at least one check failed",
            "2:the audit could not run"})
public final class AuditCommand implements Callable<Integer> {

    private final ToolContext context;

    @Option(names = "--env", required = true, description = "development, staging or production")
    String env;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON to FILE")
    String json;

    public AuditCommand(ToolContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.err().println("bulwark audit: not built yet");
        return 2;
    }
}
