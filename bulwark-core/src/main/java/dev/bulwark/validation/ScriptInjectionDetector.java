package dev.bulwark.validation;

import java.util.Set;

/**
 * Recognises script and HTML injection (XSS) payloads in free text, for fields that allow no markup — which is
 * every field today (see {@link HtmlMarkup}). Output encoding where text is rendered is the real protection;
 * this is a tripwire.
 *
 * <p>Method: one left-to-right pass over the {@link ScanText} form (entities, percent and JavaScript escapes
 * decoded) that looks at each {@code <}, {@code =}, {@code :} and {@code (} and a bounded window around it:
 * <ul>
 *   <li>a tag that runs script or loads content ({@code <script}, {@code <iframe}, {@code <svg}, {@code <object},
 *   {@code <base}, {@code <meta}, {@code <?php}…) or an HTML comment / CDATA opener;</li>
 *   <li>an event-handler attribute ({@code onerror=}, {@code onload =}…; the name from a list, so
 *   {@code one=1} is not one);</li>
 *   <li>a script URL ({@code javascript:}, {@code vbscript:}, also with blanks inside the word as browsers
 *   forgive) followed by code, or after {@code =}, a quote or a parenthesis; {@code data:text/html} and
 *   other scriptable data URLs;</li>
 *   <li>CSS that runs code ({@code expression(}, {@code -moz-binding}, {@code behavior:});</li>
 *   <li>a JavaScript sink ({@code alert(}, {@code eval(}, {@code document.cookie}…) right after a character that
 *   breaks out of a string or expression ({@code ' " ` ; ) } + - { = > |}).</li>
 * </ul>
 * Windows are bounded by constants, so the pass is linear. A sentence that mentions {@code alert()} or
 * "JavaScript: the good parts" matches none of these.
 */
final class ScriptInjectionDetector {

    private static final Set<String> SCRIPT_TAGS = Set.of("script", "iframe", "frame", "frameset", "object", "embed",
            "applet", "svg", "math", "style", "link", "meta", "base", "xml", "import", "isindex", "portal", "xss",
            "bgsound", "layer", "ilayer", "xmp", "plaintext", "handler", "listener", "noembed", "foreignobject",
            "template", "animate", "set", "discard", "keygen");
    private static final Set<String> EVENTS = Set.of("abort", "activate", "afterprint", "animationend",
            "animationiteration", "animationstart", "auxclick", "beforecopy", "beforecut", "beforeinput",
            "beforeprint", "beforeunload", "begin", "blur", "canplay", "canplaythrough", "change", "click", "close",
            "contextmenu", "copy", "cuechange", "cut", "dblclick", "drag", "dragend", "dragenter", "dragleave",
            "dragover", "dragstart", "drop", "durationchange", "end", "ended", "error", "focus", "focusin",
            "focusout", "formdata", "fullscreenchange", "hashchange", "input", "invalid", "keydown", "keypress",
            "keyup", "load", "loadeddata", "loadedmetadata", "loadstart", "message", "mousedown", "mouseenter",
            "mouseleave", "mousemove", "mouseout", "mouseover", "mouseup", "mousewheel", "offline", "online",
            "pagehide", "pageshow", "paste", "pause", "play", "playing", "pointerdown", "pointerenter",
            "pointerleave", "pointermove", "pointerout", "pointerover", "pointerup", "popstate", "progress",
            "ratechange", "readystatechange", "repeat", "reset", "resize", "scroll", "scrollend", "search", "seeked",
            "seeking", "select", "selectionchange", "selectstart", "show", "stalled", "storage", "submit", "suspend",
            "timeupdate", "toggle", "touchend", "touchmove", "touchstart", "transitionend", "transitionrun",
            "transitionstart", "unload", "volumechange", "waiting", "wheel", "webkitanimationstart",
            "webkittransitionend", "bounce", "finish", "start", "filterchange", "propertychange",
            "help", "losecapture", "move", "moveend", "movestart", "rowenter", "rowexit", "beforeactivate",
            "beforedeactivate", "beforeeditfocus", "controlselect", "errorupdate", "layoutcomplete", "lostpointercapture",
            "gotpointercapture", "pointercancel", "pointerrawupdate", "securitypolicyviolation", "slotchange",
            "visibilitychange", "mozfullscreenchange", "webkitmouseforcedown", "afterscriptexecute",
            "beforescriptexecute", "contentvisibilityautostatechange", "beforetoggle", "scrollsnapchange");
    private static final String[] SCHEMES = {"javascript", "vbscript", "livescript", "mocha"};
    private static final String[] SINKS = {"alert(", "alert`", "prompt(", "prompt`", "confirm(", "confirm`",
            "eval(", "settimeout(", "setinterval(", "function(", "fetch(", "import(", "atob(", "print(",
            "document.write", "document.cookie", "document.domain", "document.location", "window.location",
            "top.location", "location.href", "location=", "location.replace", "constructor.constructor",
            "constructor(", "fromcharcode", "xmlhttprequest", "sendbeacon", "window[", "top[", "self[", "this[",
            "globalthis", "parent[", "frames[", "opener", "innerhtml", "outerhtml", "console.log(",
            "new function", "import.meta", "localstorage", "sessionstorage"};
    private static final String BREAKERS = "'\"`;)}+-{=>|&*(,[:";
    private static final int WINDOW = 64;

    private ScriptInjectionDetector() {
    }

    static boolean detect(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '<' && tagAt(s, i)) {
                return true;
            }
            if (c == '=' && handlerBefore(s, i)) {
                return true;
            }
            if (c == ':' && (schemeBefore(s, i) || dataUrlBefore(s, i) || cssBehaviour(s, i))) {
                return true;
            }
            if (c == '(' && cssExpressionBefore(s, i)) {
                return true;
            }
            if (BREAKERS.indexOf(c) >= 0 && sinkAfter(s, i + 1)) {
                return true;
            }
            if (c == '-' && ScanText.startsWithAt(s, i, "-moz-binding")) {
                return true;
            }
            if (c == '{' && ScanText.startsWithAt(s, i, "{{") && templateExpression(s, i + 2)) {
                return true;
            }
        }
        return false;
    }

    private static boolean tagAt(String s, int i) {
        int j = i + 1;
        if (ScanText.startsWithAt(s, j, "!--") || ScanText.startsWithAt(s, j, "![cdata[")
                || ScanText.startsWithAt(s, j, "?php") || ScanText.startsWithAt(s, j, "?xml")
                || ScanText.startsWithAt(s, j, "%=") || ScanText.startsWithAt(s, j, "!doctype")
                || ScanText.startsWithAt(s, j, "!entity")) {
            return true;
        }
        if (j < s.length() && s.charAt(j) == '/') {
            j++;
        }
        int start = j;
        while (j < s.length() && j - start < 20 && (ScanText.isWordChar(s.charAt(j)) || s.charAt(j) == ':'
                || s.charAt(j) == '-')) {
            j++;
        }
        if (j == start || !ScanText.isLetter(s.charAt(start))) {
            return false;
        }
        String name = s.substring(start, j);
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(colon + 1);
        }
        boolean ends = j >= s.length() || ScanText.isSpace(s.charAt(j)) || s.charAt(j) == '/' || s.charAt(j) == '>';
        if (!ends) {
            return false;
        }
        if (SCRIPT_TAGS.contains(name)) {
            return true;
        }
        // Any other element (or custom one: <x onclick=…>) counts only with an attribute that runs code; that
        // is found by handlerBefore/schemeBefore when the scan reaches it.
        return false;
    }

    /** {@code on<event>} just before this {@code =} (blanks allowed), not part of a longer word. */
    private static boolean handlerBefore(String s, int eq) {
        int end = eq;
        while (end > 0 && eq - end < 8 && ScanText.isSpace(s.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && end - start < 40 && ScanText.isLetter(s.charAt(start - 1))) {
            start--;
        }
        if (end - start < 5 || s.charAt(start) != 'o' || s.charAt(start + 1) != 'n') {
            return false;
        }
        if (start > 0 && Character.isLetterOrDigit(s.charAt(start - 1))) {
            return false;
        }
        return EVENTS.contains(s.substring(start + 2, end));
    }

    /** {@code javascript:} (blanks inside the word tolerated) followed by code, or in an attribute position. */
    private static boolean schemeBefore(String s, int colon) {
        for (String scheme : SCHEMES) {
            int j = colon - 1;
            int k = scheme.length() - 1;
            int budget = WINDOW;
            while (j >= 0 && k >= 0 && budget-- > 0) {
                char c = s.charAt(j);
                if (c == scheme.charAt(k)) {
                    k--;
                    j--;
                } else if (ScanText.isSpace(c) || c < 0x20) {
                    j--;
                } else {
                    break;
                }
            }
            if (k >= 0) {
                continue;
            }
            if (j >= 0 && ScanText.isLetter(s.charAt(j))) {
                continue;
            }
            int after = colon + 1;
            boolean codeFollows = after < s.length() && !ScanText.isSpace(s.charAt(after));
            int before = j;
            while (before >= 0 && ScanText.isSpace(s.charAt(before))) {
                before--;
            }
            boolean attributePosition = before >= 0 && "=\"'(`>[,".indexOf(s.charAt(before)) >= 0;
            if (codeFollows || attributePosition) {
                return true;
            }
        }
        return false;
    }

    private static boolean dataUrlBefore(String s, int colon) {
        if (colon < 4 || !s.regionMatches(colon - 4, "data", 0, 4)) {
            return false;
        }
        if (colon > 4 && ScanText.isLetter(s.charAt(colon - 5))) {
            return false;
        }
        int j = ScanText.skipSpaces(s, colon + 1);
        return ScanText.startsWithAt(s, j, "text/html") || ScanText.startsWithAt(s, j, "image/svg")
                || ScanText.startsWithAt(s, j, "text/javascript") || ScanText.startsWithAt(s, j, "application/")
                || ScanText.startsWithAt(s, j, "text/xml") || ScanText.startsWithAt(s, j, ",")
                || ScanText.startsWithAt(s, j, ";base64");
    }

    private static boolean cssBehaviour(String s, int colon) {
        return colon >= 8 && s.regionMatches(colon - 8, "behavior", 0, 8)
                && ScanText.startsWithAt(s, ScanText.skipSpaces(s, colon + 1), "url(");
    }

    private static boolean cssExpressionBefore(String s, int paren) {
        int end = paren;
        while (end > 0 && paren - end < 8 && (ScanText.isSpace(s.charAt(end - 1)) || s.charAt(end - 1) == '/'
                || s.charAt(end - 1) == '*')) {
            end--;
        }
        return end >= 10 && s.regionMatches(end - 10, "expression", 0, 10)
                && (end == 10 || !ScanText.isLetter(s.charAt(end - 11))) && end != paren;
    }

    /** A sink right after a breaking character, blanks allowed (and {@code window.}, {@code top.} prefixes). */
    private static boolean sinkAfter(String s, int from) {
        int j = ScanText.skipSpaces(s, from);
        if (j - from > 8 || j >= s.length()) {
            return false;
        }
        if (ScanText.startsWithAt(s, j, "window.")) {
            j += 7;
        } else if (ScanText.startsWithAt(s, j, "self.") || ScanText.startsWithAt(s, j, "top.")) {
            j += s.charAt(j) == 's' ? 5 : 4;
        }
        for (String sink : SINKS) {
            if (ScanText.startsWithAt(s, j, sink)) {
                return true;
            }
        }
        return false;
    }

    /** {@code {{ … }}} holding something only a template engine exploit needs. */
    private static boolean templateExpression(String s, int from) {
        int end = Math.min(s.length(), from + 2 * WINDOW);
        String inner = s.substring(from, end);
        return inner.contains("constructor") || inner.contains("$on") || inner.contains("__proto__")
                || inner.contains("_self") || inner.contains("$eval") || inner.contains("alert");
    }
}
