package dev.bulwark.validation;

import java.util.Set;

/**
 * Recognises shell-command injection payloads in free text. Bulwark runs no shell commands with user input; this
 * is a tripwire for text that may one day reach a script, a log pipeline or another team's tool.
 *
 * <p>Method: one pass over the {@link ScanText} form (so {@code %0a} is a newline). At each command separator
 * or substitution opener — {@code ;}, {@code |}, {@code &}, a line break, {@code $(}, a backtick,
 * {@code <(}/{@code >(} — the next word (after an optional {@code /bin/}-style path) is looked up in two
 * lists. A <em>strong</em> command ({@code whoami}, {@code wget}, {@code nc}, {@code bash}, {@code powershell}…)
 * has no everyday meaning and is enough; a <em>weak</em> one that is also an English word ({@code cat},
 * {@code sleep}, {@code find}, {@code echo}…) counts only when what follows looks like shell arguments (an
 * option, a path, a variable, a number, a redirection, the end of the text). A backtick pair that looks like a
 * Markdown code span in prose ("run `ls -la` first") counts only when its content holds a separator, a
 * substitution or a system path. Shapes that are shell and nothing else are enough anywhere: {@code ${IFS}},
 * {@code /dev/tcp/}, brace expansion {@code {cat,/etc/passwd}}, {@code /etc/passwd}, {@code bash -i},
 * {@code cmd /c}. All windows are bounded, so the pass is linear.
 */
final class ShellInjectionDetector {

    private static final Set<String> STRONG = Set.of("whoami", "uname", "ifconfig", "ipconfig", "netstat", "wget",
            "curl", "nc", "ncat", "netcat", "bash", "sh", "zsh", "ksh", "csh", "dash", "tcsh", "powershell", "pwsh",
            "cmd", "cmd.exe", "certutil", "bitsadmin", "mshta", "rundll32", "regsvr32", "wscript", "cscript",
            "nslookup", "perl", "python", "python3", "python2", "php", "ruby", "lua", "busybox", "socat", "telnet",
            "tftp", "chmod", "chown", "chgrp", "mkfifo", "xxd", "base64", "crontab", "sudo", "passwd", "systeminfo",
            "tasklist", "taskkill", "useradd", "usermod", "hostname", "pwd", "ls", "id", "env", "printenv", "rm",
            "uptime", "ps", "nmap", "scp", "ssh", "ftp", "dig", "host", "traceroute", "tracert", "iptables",
            "killall", "pkill", "shutdown", "reboot", "halt", "mkdir", "rmdir", "cp", "mv", "ln", "dd", "tar",
            "gzip", "unzip", "openssl", "awk", "gawk", "sed", "grep", "xargs", "nohup", "setsid", "exec", "eval",
            "whois", "getent", "lsof", "fuser", "strace", "gdb", "msiexec", "wmic", "schtasks", "net.exe",
            "reg.exe", "icacls", "attrib", "vssadmin", "bcdedit", "node", "java", "jrunscript", "jjs", "expect",
            "gcc", "make", "ping6", "arp", "route", "ip", "ss", "w", "last", "lastlog", "finger", "sh.exe",
            "bash.exe", "powershell.exe", "wget.exe", "curl.exe", "cat.exe", "ver", "ifup", "history");
    private static final Set<String> WEAK = Set.of("cat", "sleep", "find", "echo", "kill", "set", "type", "dir", "net",
            "time", "more", "less", "head", "tail", "sort", "who", "date", "test", "ping", "touch", "cut", "start",
            "call", "copy", "move", "del", "ren", "source", "export", "wait", "read", "print", "printf", "nice",
            "watch", "tee", "diff", "file", "stat", "df", "du", "free", "top", "mount", "su", "yes", "split",
            "join", "paste", "od", "strings", "tac", "rev", "wc", "uniq", "fold", "shred", "whereis", "which",
            "locate", "reg", "at", "trap", "unset", "alias", "umask", "ulimit", "false", "true", "exit", "logout",
            "groups", "users", "chroot", "curl", "timeout", "bg", "fg", "jobs", "open", "run", "system", "format",
            "erase", "rd", "md", "cd", "pushd", "popd", "whoami", "hostname", "shell", "cmd", "ipconfig");
    private static final String[] ANYWHERE = {"${ifs}", "$ifs$", "$ifs", "/dev/tcp/", "/dev/udp/", "/etc/passwd",
            "/etc/shadow", "/etc/group", "/etc/issue", "/proc/self/", "/bin/sh", "/bin/bash",
            "/usr/bin/id", "/bin/cat", "/bin/ls", "bash -i", "sh -i", "bash -c", "sh -c", "nc -e", "nc -l",
            "ncat -e", "nc.traditional", "cmd /c", "cmd.exe /c", "cmd /k", "powershell -", "pwsh -", "iex(",
            "iex (", "invoke-expression", "downloadstring(", "downloadfile(", "start-process", "new-object net.",
            "{cat,", "{ls,", "{id,", "{wget,", "{curl,", "{nc,", "{bash,", "{sh,", "{echo,", "{ping,",
            "c:\\windows\\", "\\system32\\", "win.ini", "boot.ini", "%comspec%", "%systemroot%", "$shell",
            "$(<", ">/dev/null", "> /dev/null", "2>&1", ">&2", "0<&", "<&1", "|sh", "| sh", "|bash", "| bash",
            "|/bin/", "| /bin/", ";/bin/", "; /bin/", "&&/bin/", "${path", "$path:", "$home/", "${home",
            "/bin/busybox", "~/.ssh",
            ".bash_history", ".bashrc", "chmod +x", "chmod 777", "rm -rf", "rm -f", "mkfifo /",
            "xterm -display", "perl -e", "python -c", "python3 -c", "ruby -e", "php -r", "lua -e",
            "node -e", "awk 'begin"};
    private static final int WINDOW = 48;

    private ShellInjectionDetector() {
    }

    static boolean detect(String s) {
        int n = s.length();
        for (String shape : ANYWHERE) {
            if (s.contains(shape)) {
                return true;
            }
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean separator = c == ';' || c == '|' || c == '&' || c == '\n' || c == '\r';
            if (separator && commandAfter(s, i, i + 1, false)) {
                return true;
            }
            if (c == '$' && i + 1 < n && s.charAt(i + 1) == '(' && commandAfter(s, i, i + 2, false)) {
                return true;
            }
            if ((c == '<' || c == '>') && i + 1 < n && s.charAt(i + 1) == '(' && commandAfter(s, i, i + 2, false)) {
                return true;
            }
            if (c == '`' && backtick(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a command word starts at {@code from} (after blanks, a repeated separator, a path prefix). */
    private static boolean commandAfter(String s, int separatorAt, int from, boolean strongOnly) {
        int j = from;
        while (j < s.length() && j - from < 4 && "|&;".indexOf(s.charAt(j)) >= 0) {
            j++;
        }
        j = ScanText.skipSpaces(s, j);
        if (j - from > 8) {
            return false;
        }
        int pathStart = j;
        while (j < s.length() && j - pathStart < WINDOW && (s.charAt(j) == '/' || s.charAt(j) == '.'
                || s.charAt(j) == '\\')) {
            // a path prefix such as /bin/, /usr/bin/, ./ or ..\ : skip its directories
            int k = j + 1;
            while (k < s.length() && k - j < 20 && ScanText.isWordChar(s.charAt(k))) {
                k++;
            }
            if (k < s.length() && (s.charAt(k) == '/' || s.charAt(k) == '\\')) {
                j = k;
            } else if (s.charAt(j) == '/' || s.charAt(j) == '\\') {
                j = j + 1;
                break;
            } else {
                j++;
            }
        }
        String word = ScanText.wordAt(s, j);
        if (word.isEmpty()) {
            return false;
        }
        int end = j + word.length();
        boolean boundary = end >= s.length() || !ScanText.isWordChar(s.charAt(end)) || s.charAt(end) == '.';
        if (!boundary) {
            return false;
        }
        if (STRONG.contains(word) && !strongOnly) {
            return !englishSeparator(s, separatorAt) || shellArguments(s, end);
        }
        return WEAK.contains(word) && shellArguments(s, end);
    }

    /**
     * {@code &} between two words ("R&D", "Tom & Jerry") and {@code ;}/line breaks in prose are everyday
     * punctuation: after them even a strong command word needs shell-looking arguments.
     */
    private static boolean englishSeparator(String s, int at) {
        char c = s.charAt(at);
        if (c == '\n' || c == '\r') {
            return true;
        }
        if (c != '&' && c != ';') {
            return false;
        }
        if (c == '&' && (at + 1 < s.length() && s.charAt(at + 1) == '&' || at > 0 && s.charAt(at - 1) == '&')) {
            return false;
        }
        int before = at - 1;
        while (before >= 0 && ScanText.isSpace(s.charAt(before))) {
            before--;
        }
        return before >= 0 && Character.isLetter(s.charAt(before));
    }

    /**
     * What follows a command word looks like shell: the end of the text, or within the next three words an
     * option, a path, a variable, a number, an operator or redirection, or a word with an inner dot or slash
     * (a host or file name).
     */
    private static boolean shellArguments(String s, int end) {
        int j = ScanText.skipSpaces(s, end);
        if (j >= s.length()) {
            return true;
        }
        for (int word = 0; word < 3 && j < s.length() && j - end < WINDOW; word++) {
            char c = s.charAt(j);
            if ("-/$~\\'\"`|;&><{%)*(".indexOf(c) >= 0 || Character.isDigit(c)) {
                return true;
            }
            if (j + 2 < s.length() && ScanText.isLetter(c) && s.charAt(j + 1) == ':' && s.charAt(j + 2) == '\\') {
                return true;
            }
            int k = j;
            while (k < s.length() && !ScanText.isSpace(s.charAt(k)) && k - j < WINDOW) {
                char inner = s.charAt(k);
                if (k > j && k + 1 < s.length() && !ScanText.isSpace(s.charAt(k + 1))
                        && (inner == '/' || inner == '.' || inner == '=' || inner == '$' || inner == '|'
                        || inner == '>' || inner == ';')) {
                    return true;
                }
                k++;
            }
            j = ScanText.skipSpaces(s, k);
        }
        return false;
    }

    /** A backtick substitution; a Markdown-style code span in prose only with shell punctuation inside. */
    private static boolean backtick(String s, int open) {
        int close = s.indexOf('`', open + 1);
        int limit = Math.min(s.length(), open + 1 + 4 * WINDOW);
        if (close < 0 || close > limit) {
            close = -1;
        }
        int j = ScanText.skipSpaces(s, open + 1);
        String word = ScanText.wordAt(s, j);
        boolean command = STRONG.contains(word) || WEAK.contains(word);
        if (!command) {
            return false;
        }
        boolean spanInProse = open > 0 && ScanText.isSpace(s.charAt(open - 1)) && close > 0
                && (close + 1 >= s.length() || !ScanText.isWordChar(s.charAt(close + 1)));
        if (!spanInProse) {
            return STRONG.contains(word) || shellArguments(s, j + word.length());
        }
        String inner = s.substring(open + 1, close);
        return inner.contains("|") || inner.contains(";") || inner.contains("$(") || inner.contains("&&")
                || inner.contains(">") || inner.contains("/etc/") || inner.contains("/dev/")
                || inner.contains("/bin/") || inner.contains("/tmp/");
    }
}
