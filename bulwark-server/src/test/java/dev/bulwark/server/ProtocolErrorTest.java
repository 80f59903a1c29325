package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests Jetty refuses before Javalin runs (found by QA) are RFC 9457 problems with the security headers, never
 * Jetty's HTML page; they are sent as raw bytes, since a real client would not produce them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolErrorTest {

    private TestServer server;
    private HttpJson http;
    private Fixtures.Account account;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = TestServer.start(dataDir);
        http = server.client();
        account = Fixtures.registerAndLogin(http, "protocol");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void nulInThePathIs400() {
        assertJettyProblem(raw(post("/auth/login%00")), 400);
    }

    @Test
    void badPercentEncodingIs400() {
        assertJettyProblem(raw(post("/auth/%ZZ")), 400);
    }

    @Test
    void encodedDotSegmentsAre400() {
        assertJettyProblem(raw("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
    }

    @Test
    void hugeHeaderIs431() {
        assertJettyProblem(raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(70 * 1024)
                + "\r\n\r\n"), 431);
    }

    @Test
    void emptyHostIs400() {
        assertJettyProblem(raw("GET /health HTTP/1.1\r\nHost:\r\n\r\n"), 400);
    }

    @Test
    void hugeUriIs414() {
        assertJettyProblem(raw("GET /health?q=" + "a".repeat(20 * 1024) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
                414);
    }

    @Test
    void http2AsPlainTextIs426() {
        assertJettyProblem(raw("GET /health HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n"), 426);
    }

    @Test
    void twoContentLengthsAre400() {
        assertJettyProblem(raw("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"), 400);
    }

    @Test
    void contentLengthWithTransferEncodingIs400() {
        assertJettyProblem(raw("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), 400);
    }

    @Test
    void methodNotAllowedListsTheAllowedMethods() {
        HttpJson.Response r = http.send("PATCH", "/api/projects", "{}", "Content-Type", "application/json",
                "Authorization", "Bearer " + account.access());
        Fixtures.assertProblem(r, 405);
        assertThat(r.header("Allow")).isNotBlank().contains("GET", "POST").doesNotContain("PATCH");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    private static String post(String path) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}";
    }

    private static void assertJettyProblem(Raw r, int status) {
        assertThat(r.status).as(r.text).isEqualTo(status);
        assertThat(r.header("content-type")).as(r.text).startsWith("application/problem+json");
        assertThat(r.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(r.header("content-security-policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(r.header("referrer-policy")).isEqualTo("no-referrer");
        assertThat(r.header("x-frame-options")).isEqualTo("DENY");
        assertThat(r.header("cache-control")).isEqualTo("no-store");
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(r.header("server")).isNull();
        assertThat(r.body).doesNotContain("Jetty", "jetty", "HTTP ERROR", "<html", "Exception", "%ZZ", "passwd");
        JsonNode json;
        try {
            json = HttpJson.JSON.readTree(r.body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.text, e);
        }
        assertThat(json.get("type").asText()).isEqualTo("about:blank");
        assertThat(json.get("title").asText()).isNotBlank();
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("detail").asText()).isNotBlank();
    }

    /** Writes the bytes as they are and reads the whole answer (the server closes the connection after it). */
    private Raw raw(String request) {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException e) {
                // the server may answer and close before it has read everything: read what it sent
            }
            InputStream stream = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = stream.read(buffer)) != -1; ) {
                    in.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept the connection open after: "
                        + in.toString(StandardCharsets.ISO_8859_1), e);
            } catch (SocketException e) {
                if (in.size() == 0) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Raw.parse(in.toString(StandardCharsets.ISO_8859_1));
    }

    private record Raw(int status, Map<String, String> headers, String body, String text) {

        static Raw parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as(text).isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = unchunk(body);
            }
            return new Raw(status, headers, body, text);
        }

        private static String unchunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(chunked, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
        }

        String header(String name) {
            return headers.get(name);
        }
    }
}
