package io.vidfleet.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The dashboard's files, from the jar: a fixed list (no path from a request ever reaches the class
 * loader). They hold no data; everything they show comes from {@code /api/} with the token.
 */
final class StaticAssets {
    private static final String ROOT = "/io/vidfleet/api/web/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/app.css", "app.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");
    /** Only the page's own files and the API; no inline script, no other origin, no framing. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    void serve(HttpExchange exchange, String method, String path) throws IOException {
        String name = FILES.get(path);
        if (name == null) {
            throw new HttpError(404, "no such page");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new HttpError(405, method + " is not allowed here (use GET)");
        }
        byte[] body;
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard file missing from the jar: " + name);
            }
            body = in.readAllBytes();
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        headers.set("Content-Security-Policy", POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-cache");
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
