package dev.bulwark.tools.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of one audit, and its two renderings: a table for people and CONTRACT.md's JSON. */
record AuditReport(String env, List<Check.Result> results) {

    AuditReport {
        results = List.copyOf(results);
    }

    long count(Check.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /** CONTRACT.md: 0 when nothing failed (warnings allowed), 1 when anything did. */
    int exitCode() {
        return count(Check.Status.FAIL) > 0 ? 1 : 0;
    }

    private String fix(Check.Result r) {
        return r.check().fix().replace("{env}", env);
    }

    void printTable(PrintWriter out, boolean colour) {
        out.println("Bulwark audit of " + env + ": " + results.size() + " checks");
        out.println();
        String format = "%-4s  %-11s  %-8s  %s%n";
        out.printf(format, "", "ID", "SEVERITY", "CHECK");
        for (Check.Result r : results) {
            String status = switch (r.status()) {
                case PASS -> colour ? "\u001b[32mPASS\u001b[0m" : "PASS";
                case FAIL -> colour ? "\u001b[1;31mFAIL\u001b[0m" : "FAIL";
                case WARN -> colour ? "\u001b[33mWARN\u001b[0m" : "WARN";
            };
            // printf pads by characters, and the colour codes are characters: pad the plain word, then colour.
            out.print(status + "  ");
            out.printf("%-11s  %-8s  %s%n", r.check().id(), r.check().severity().label(), r.check().title());
            if (r.status() != Check.Status.PASS) {
                out.println("      found: " + r.detail());
                out.println("      fix:   " + fix(r));
            }
        }
        out.println();
        out.println(count(Check.Status.PASS) + " passed, " + count(Check.Status.FAIL) + " failed, "
                + count(Check.Status.WARN) + " warnings");
        out.flush();
    }

    void writeJson(Path file) throws IOException {
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Check.Result r : results) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", r.check().id());
            c.put("title", r.check().title());
            c.put("severity", r.check().severity().label());
            c.put("status", r.status().label());
            c.put("asvs", r.check().asvs());
            c.put("detail", r.detail());
            c.put("fix", fix(r));
            checks.add(c);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pass", count(Check.Status.PASS));
        summary.put("fail", count(Check.Status.FAIL));
        summary.put("warn", count(Check.Status.WARN));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("env", env);
        root.put("checks", checks);
        root.put("summary", summary);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }
}
