package dev.bulwark.tools.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether a directory is inside a git work tree, and whether paths there are ignored, asked of {@code git} itself
 * ({@code rev-parse}, {@code check-ignore}) so every kind of ignore rule (nested {@code .gitignore},
 * {@code info/exclude}, the global excludes file) counts, exactly as {@code git add} will see it.
 */
public final class GitWorkTree {

    private final Path dir;

    public GitWorkTree(Path dir) {
        this.dir = dir;
    }

    /**
     * Whether {@code dir} is in a work tree. Without a usable {@code git}, a {@code .git} entry in {@code dir} or
     * an ancestor counts as yes: the safe answer, since nothing could then be shown to be ignored.
     */
    public boolean isWorkTree() {
        Optional<Result> r = git("rev-parse", "--is-inside-work-tree");
        if (r.isPresent()) {
            return r.get().code() == 0 && r.get().out().trim().equals("true");
        }
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return true;
            }
        }
        return false;
    }

    /** The paths (relative to {@code dir}) that git would not ignore; empty when all are ignored. */
    public List<String> notIgnored(List<String> paths) {
        List<String> exposed = new ArrayList<>();
        for (String path : paths) {
            Optional<Result> r = git("check-ignore", "-q", "--", path);
            if (r.isEmpty() || r.get().code() != 0) {
                exposed.add(path); // exit 1: not ignored; 128 or no git: cannot tell, so not shown to be ignored
            }
        }
        return exposed;
    }

    /** Files git tracks (the index), as {@code git ls-files} prints them; empty outside a work tree. */
    public List<String> trackedFiles() {
        Optional<Result> r = git("ls-files", "-z");
        if (r.isEmpty() || r.get().code() != 0) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        for (String name : r.get().out().split("\0")) {
            if (!name.isEmpty()) {
                files.add(name);
            }
        }
        return files;
    }

    private record Result(int code, String out) {
    }

    private Optional<Result> git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
