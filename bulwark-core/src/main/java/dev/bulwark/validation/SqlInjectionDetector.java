package dev.bulwark.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recognises SQL injection payloads in free text. Not a protection in itself — every query goes through JDBI
 * with bound parameters, which is what makes injection impossible — but a tripwire on fields where a payload
 * has no business: it is refused, and the attempt is visible.
 *
 * <p>Method: the {@link ScanText} form is split into tokens in one pass (words, numbers, quote characters,
 * operators, comment openers; inline comments {@code /*…*&#47;} count as blanks, MySQL {@code /*!…*&#47;}
 * keeps its body), then one pass over the tokens looks for the shapes an injection needs and prose does not
 * have: a quote that closes a string followed by SQL (a comment, {@code ;} and a statement, a boolean operator
 * and a comparison, {@code UNION}, {@code ORDER BY}…); a tautology ({@code OR 1=1}, {@code OR 'a'='a'});
 * {@code UNION [ALL] SELECT}; a stacked statement after a value; and functions and catalogue names used for
 * blind and out-of-band injection ({@code SLEEP(}, {@code WAITFOR DELAY}, {@code information_schema}). A sentence
 * that merely mentions SQL ("use SELECT * sparingly") has none of these shapes. Each token is looked at a
 * bounded number of times (look-ahead is at most {@link #LOOKAHEAD} tokens), so the cost is linear.
 */
final class SqlInjectionDetector {

    private static final int LOOKAHEAD = 8;

    private enum Type { WORD, NUMBER, QUOTE, OP, COMMENT }

    private record Token(Type type, String text, boolean breakingQuote) {
    }

    private static final Set<String> STATEMENTS = Set.of("select", "insert", "update", "delete", "drop", "truncate",
            "alter", "create", "exec", "execute", "declare", "shutdown", "waitfor", "grant", "revoke", "union",
            "call", "copy", "merge", "replace", "rename", "load", "handler", "set", "begin", "commit");
    private static final Set<String> AFTER_QUOTE = Set.of("union", "order", "group", "having", "procedure",
            "waitfor", "select", "exec", "execute", "into", "limit", "rlike", "regexp", "xor", "offset", "collate",
            "sounds", "div");
    private static final Set<String> BOOLEANS = Set.of("or", "and", "xor", "||", "&&", "not");
    private static final Set<String> COMPARISONS = Set.of("=", "==", "<>", "!=", "<", ">", "<=", ">=", "<=>");
    private static final Set<String> FUNCTIONS = Set.of("sleep", "pg_sleep", "benchmark", "load_file", "extractvalue",
            "updatexml", "sys_eval", "sys_exec", "randomblob", "group_concat", "make_set", "pg_read_file",
            "lo_import", "openrowset", "opendatasource", "dbms_pipe.receive_message", "dbms_lock.sleep",
            "utl_http.request", "utl_inaddr.get_host_address", "xp_cmdshell", "xp_dirtree", "sp_executesql",
            "sp_oacreate", "char", "chr", "concat", "ascii", "substring", "substr", "mid", "ord", "hex", "unhex",
            "version", "database", "user", "current_user", "schema", "if", "iif", "case", "exp", "floor", "rand",
            "count", "cast", "convert", "length", "len", "nullif", "coalesce", "sqlite_version", "db_name");
    private static final Set<String> BLIND_FUNCTIONS = Set.of("sleep", "pg_sleep", "benchmark", "load_file",
            "extractvalue", "updatexml", "sys_eval", "sys_exec", "randomblob", "pg_read_file", "lo_import",
            "openrowset", "opendatasource", "dbms_pipe.receive_message", "dbms_lock.sleep", "utl_http.request",
            "utl_inaddr.get_host_address", "sqlite_version", "make_set");
    private static final Set<String> CATALOGUE = Set.of("information_schema", "information_schema.tables",
            "information_schema.columns", "information_schema.schemata", "sqlite_master", "sysobjects",
            "syscolumns", "sys.tables", "sys.objects", "mysql.user", "pg_catalog", "pg_shadow", "pg_user",
            "all_tables", "user_tables", "dba_users", "master..sysdatabases", "xp_cmdshell", "xp_dirtree",
            "sp_oacreate", "sp_executesql", "@@version", "@@datadir", "@@hostname", "sys.sql_logins",
            "master.dbo.sysdatabases", "msysobjects", "pg_stat_activity");

    private SqlInjectionDetector() {
    }

    static boolean detect(String scanForm) {
        List<Token> tokens = tokens(scanForm);
        for (int i = 0; i < tokens.size(); i++) {
            if (suspicious(tokens, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean suspicious(List<Token> t, int i) {
        Token token = t.get(i);
        String text = token.text();
        if (token.type() == Type.WORD) {
            if (CATALOGUE.contains(text) || catalogueQualified(text)) {
                return true;
            }
            if (text.equals("union") && next(t, i, "all", "distinct") && wordAfter(t, i, "select")) {
                return true;
            }
            if (text.equals("union") && (is(t, i + 1, "select") || is(t, i + 1, "(") && is(t, i + 2, "select"))) {
                return true;
            }
            if (text.equals("waitfor") && (is(t, i + 1, "delay") || is(t, i + 1, "time"))) {
                return true;
            }
            if (text.equals("into") && (is(t, i + 1, "outfile") || is(t, i + 1, "dumpfile"))) {
                return true;
            }
            if (BLIND_FUNCTIONS.contains(text) && is(t, i + 1, "(")) {
                return true;
            }
            if (BOOLEANS.contains(text) && afterValue(t, i) && condition(t, i + 1)) {
                return true;
            }
        }
        if (token.type() == Type.OP) {
            if ((text.equals("||") || text.equals("&&")) && afterValue(t, i) && condition(t, i + 1)) {
                return true;
            }
            if (text.equals(";") && stackedStatement(t, i)) {
                return true;
            }
        }
        if (token.type() == Type.QUOTE && token.breakingQuote()) {
            return afterBreakingQuote(t, i);
        }
        return false;
    }

    /** What follows a quote that closes the string it was meant to be part of. */
    private static boolean afterBreakingQuote(List<Token> t, int i) {
        int j = i + 1;
        while (j < t.size() && t.get(j).text().equals(")")) {
            j++;
        }
        if (j >= t.size()) {
            return false;
        }
        Token next = t.get(j);
        if (next.type() == Type.COMMENT) {
            return true;
        }
        if (next.text().equals(";")) {
            return j + 1 >= t.size() || t.get(j + 1).type() == Type.COMMENT
                    || STATEMENTS.contains(t.get(j + 1).text());
        }
        if (AFTER_QUOTE.contains(next.text())) {
            return !next.text().equals("order") && !next.text().equals("group") || is(t, j + 1, "by");
        }
        if ((next.text().equals("+") || next.text().equals("||")) && j + 1 < t.size()
                && FUNCTIONS.contains(t.get(j + 1).text()) && is(t, j + 2, "(")) {
            return true;
        }
        return BOOLEANS.contains(next.text()) && (condition(t, j + 1) || truthValue(t, j + 1));
    }

    /** {@code ; DROP TABLE}, {@code ; SELECT … FROM} and the like after a value or at the start. */
    private static boolean stackedStatement(List<Token> t, int i) {
        if (i + 1 >= t.size()) {
            return false;
        }
        String next = t.get(i + 1).text();
        if ((next.equals("drop") || next.equals("truncate") || next.equals("alter") || next.equals("create"))
                && (is(t, i + 2, "table") || is(t, i + 2, "database") || is(t, i + 2, "schema")
                || is(t, i + 2, "user") || is(t, i + 2, "view") || is(t, i + 2, "function"))) {
            return true;
        }
        if (next.equals("shutdown") || (next.equals("declare") && i + 2 < t.size()
                && t.get(i + 2).text().startsWith("@"))
                || ((next.equals("exec") || next.equals("execute")) && i + 2 < t.size())) {
            return true;
        }
        if ((next.equals("insert") && is(t, i + 2, "into")) || (next.equals("delete") && is(t, i + 2, "from"))
                || (next.equals("update") && is(t, i + 3, "set"))) {
            return true;
        }
        boolean afterValue = i == 0 || afterValue(t, i);
        return afterValue && STATEMENTS.contains(next) && !next.equals("set") && !next.equals("begin")
                && !next.equals("commit");
    }

    /** The token before {@code i} ends a value: a quote, number, closing parenthesis or a single word value. */
    private static boolean afterValue(List<Token> t, int i) {
        if (i == 0) {
            return false;
        }
        Token before = t.get(i - 1);
        return before.type() == Type.QUOTE || before.type() == Type.NUMBER || before.text().equals(")")
                || (i == 1 && before.type() == Type.WORD);
    }

    /** {@code 1=1}, {@code 'a'='a'}, {@code x LIKE '%'}, {@code id IS NULL}, {@code 2>1}, {@code sleep(5)}. */
    private static boolean condition(List<Token> t, int start) {
        int j = start;
        while (j < t.size() && t.get(j).text().equals("(")) {
            j++;
        }
        int operandEnd = operand(t, j);
        if (operandEnd < 0) {
            return false;
        }
        if (operandEnd == j + 1 && t.get(j).type() == Type.WORD && FUNCTIONS.contains(t.get(j).text())
                && is(t, j + 1, "(")) {
            return true;
        }
        j = operandEnd;
        while (j < t.size() && t.get(j).text().equals(")")) {
            j++;
        }
        if (j >= t.size()) {
            return false;
        }
        String op = t.get(j).text();
        if (COMPARISONS.contains(op)) {
            return operand(t, j + 1) > 0 || is(t, j + 1, "(");
        }
        if (op.equals("like") || op.equals("rlike") || op.equals("regexp")) {
            return j + 1 < t.size() && (t.get(j + 1).type() == Type.QUOTE || t.get(j + 1).type() == Type.NUMBER);
        }
        if (op.equals("is")) {
            return is(t, j + 1, "null") || is(t, j + 1, "not") && is(t, j + 2, "null");
        }
        if (op.equals("in")) {
            return is(t, j + 1, "(");
        }
        if (op.equals("between")) {
            return j + 1 < t.size() && (t.get(j + 1).type() == Type.NUMBER || t.get(j + 1).type() == Type.QUOTE);
        }
        return false;
    }

    /** {@code OR 1}, {@code OR TRUE}, {@code OR 1--}: a value that ends the input or is followed by a comment. */
    private static boolean truthValue(List<Token> t, int j) {
        if (j >= t.size()) {
            return false;
        }
        Token value = t.get(j);
        boolean truthy = value.type() == Type.NUMBER || value.text().equals("true") || value.text().equals("false")
                || value.type() == Type.QUOTE;
        return truthy && (j + 1 >= t.size() || t.get(j + 1).type() == Type.COMMENT || t.get(j + 1).text().equals(";"));
    }

    /** End of an operand starting at {@code j}: a number, a word, or a quoted run of at most a few tokens. */
    private static int operand(List<Token> t, int j) {
        if (j >= t.size()) {
            return -1;
        }
        Token first = t.get(j);
        if (first.type() == Type.NUMBER || first.type() == Type.WORD) {
            return j + 1;
        }
        if (first.type() == Type.QUOTE) {
            for (int k = j + 1; k < t.size() && k <= j + LOOKAHEAD; k++) {
                if (t.get(k).type() == Type.QUOTE) {
                    return k + 1;
                }
            }
            return j + 1;
        }
        if (first.text().equals("-") && j + 1 < t.size() && t.get(j + 1).type() == Type.NUMBER) {
            return j + 2;
        }
        return -1;
    }

    /** {@code information_schema.tables}, {@code pg_catalog.pg_user}: a catalogue name as a qualifier. */
    private static boolean catalogueQualified(String word) {
        int dot = word.indexOf('.');
        return dot > 0 && CATALOGUE.contains(word.substring(0, dot));
    }

    private static boolean next(List<Token> t, int i, String a, String b) {
        return is(t, i + 1, a) || is(t, i + 1, b);
    }

    private static boolean wordAfter(List<Token> t, int i, String word) {
        return is(t, i + 2, word) || is(t, i + 2, "(") && is(t, i + 3, word);
    }

    private static boolean is(List<Token> t, int i, String text) {
        return i >= 0 && i < t.size() && t.get(i).text().equals(text);
    }

    /** One pass over the text; see the class comment for what a token is. */
    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                if (i + 2 < n && s.charAt(i + 2) == '!') {
                    i += 3;
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                    continue;
                }
                int close = s.indexOf("*/", i + 2);
                if (close < 0) {
                    out.add(new Token(Type.COMMENT, "/*", false));
                    return out;
                }
                // A comment inside a keyword (UN/**/ION) joins it; between words (AND/**/SLEEP) it separates.
                int end = close + 2;
                while (end < n && ScanText.isWordChar(s.charAt(end))) {
                    end++;
                }
                Token head = out.isEmpty() ? null : out.get(out.size() - 1);
                boolean glued = head != null && head.type() == Type.WORD && i > 0
                        && ScanText.isLetter(s.charAt(i - 1)) && end > close + 2
                        && isKeyword(head.text() + s.substring(close + 2, end)) && !isKeyword(head.text());
                if (glued) {
                    out.remove(out.size() - 1);
                    out.add(new Token(Type.WORD, head.text() + s.substring(close + 2, end), false));
                    i = end;
                } else {
                    i = close + 2;
                }
                continue;
            }
            if (c == '*' && i + 1 < n && s.charAt(i + 1) == '/') {
                i += 2;
                continue;
            }
            if (ScanText.isSpace(c) || c == '+' && i + 1 < n && ScanText.isLetter(s.charAt(i + 1))
                    && !out.isEmpty() && out.get(out.size() - 1).type() != Type.QUOTE) {
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-' || c == '#') {
                out.add(new Token(Type.COMMENT, String.valueOf(c), false));
                i += c == '#' ? 1 : 2;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                boolean letterBefore = i > 0 && Character.isLetter(s.charAt(i - 1));
                boolean letterAfter = i + 1 < n && Character.isLetter(s.charAt(i + 1));
                out.add(new Token(Type.QUOTE, String.valueOf(c), !(letterBefore && letterAfter)));
                i++;
                continue;
            }
            if (c >= '0' && c <= '9') {
                int end = i;
                while (end < n && (ScanText.isWordChar(s.charAt(end)) || s.charAt(end) == '.')) {
                    end++;
                }
                out.add(new Token(Type.NUMBER, s.substring(i, end), false));
                i = end;
                continue;
            }
            if (ScanText.isWordChar(c) || c == '@' || c == '$') {
                int end = i;
                while (end < n && (ScanText.isWordChar(s.charAt(end)) || s.charAt(end) == '.'
                        || s.charAt(end) == '@' || s.charAt(end) == '$')) {
                    end++;
                }
                String word = s.substring(i, end);
                while (word.endsWith(".")) {
                    word = word.substring(0, word.length() - 1);
                }
                out.add(new Token(Type.WORD, word.isEmpty() ? "." : word, false));
                i = end;
                continue;
            }
            if (c == '|' || c == '&' || c == '<' || c == '>' || c == '=' || c == '!') {
                int end = i + 1;
                if (end < n && "|&=>".indexOf(s.charAt(end)) >= 0 && end - i < 3) {
                    end++;
                }
                if (end < n && s.charAt(end) == '>' && s.substring(i, end).equals("<=")) {
                    end++;
                }
                out.add(new Token(Type.OP, s.substring(i, end), false));
                i = end;
                continue;
            }
            if (!Character.isLetter(c)) {
                out.add(new Token(Type.OP, String.valueOf(c), false));
            } else {
                int end = i;
                while (end < n && Character.isLetterOrDigit(s.charAt(end))) {
                    end++;
                }
                out.add(new Token(Type.WORD, s.substring(i, end), false));
                i = end;
                continue;
            }
            i++;
        }
        return out;
    }

    private static boolean isKeyword(String word) {
        return STATEMENTS.contains(word) || AFTER_QUOTE.contains(word) || BOOLEANS.contains(word)
                || FUNCTIONS.contains(word) || CATALOGUE.contains(word) || word.equals("from")
                || word.equals("where") || word.equals("table");
    }
}
