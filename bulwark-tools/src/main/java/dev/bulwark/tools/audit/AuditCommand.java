package dev.bulwark.tools.audit;

import dev.bulwark.server.config.ConfigException;
import dev.bulwark.tools.cli.DeploymentName;
import dev.bulwark.tools.cli.ToolContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bulwark audit --env ENV [--json FILE]}: checks the configuration of a deployment environment as the
 * server would read it from this directory, without needing the server to accept it. The checks run in a fixed
 * order — environment and secrets, keys, tokens, the HTTP edge, the database, Redis (the only network check, last,
 * behind a progress line on a terminal) — so two reports of the same deployment compare line by line.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audit the configuration of ENV (.env.ENV, the environment, keys, Redis, PostgreSQL, git).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no check failed (warnings allowed)", "1:at least one check failed",
            "2:the audit could not run"})
public final class AuditCommand implements Callable<Integer> {

    private final ToolContext context;

    @Option(names = "--env", required = true, converter = DeploymentName.Converter.class,
            description = "development, staging or production")
    DeploymentName env;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON to FILE")
    String json;

    public AuditCommand(ToolContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Deployment deployment;
        try {
            deployment = new Deployment(env, context.workingDir(), context.environment());
        } catch (ConfigException e) {
            context.err().println("bulwark audit: cannot read the configuration: " + String.join("; ", e.problems()));
            return 2;
        }
        AuditReport report = audit(deployment, context.clock().instant(), progress());
        report.printTable(context.out(), context.terminal());
        if (json != null) {
            Path file = context.resolve(json);
            try {
                report.writeJson(file);
            } catch (IOException e) {
                context.err().println("bulwark audit: cannot write " + file + ": " + e.getMessage());
                return 2;
            }
            context.out().println("JSON report: " + file);
        }
        return report.exitCode();
    }

    static AuditReport audit(Deployment d, Instant now, Consumer<String> progress) {
        List<Check.Result> results = new ArrayList<>();
        results.addAll(SecretChecks.run(d));
        results.addAll(KeyChecks.run(d, now));
        results.addAll(TokenChecks.run(d));
        results.addAll(HttpChecks.run(d));
        results.addAll(DatabaseChecks.run(d));
        results.addAll(RedisChecks.run(d, progress));
        progress.accept("");
        return new AuditReport(d.env().value(), results);
    }

    /** On a terminal, one line on stderr rewritten in place; otherwise silence (output may be a log or a pipe). */
    private Consumer<String> progress() {
        if (!context.terminal()) {
            return message -> { };
        }
        return message -> {
            context.err().print("\r\u001b[K" + message);
            context.err().flush();
        };
    }
}
