package io.vidfleet.common.webhook;

import io.vidfleet.common.error.BadInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A URL that completion events are POSTed to, checked before it is stored: http or https only, a host,
 * no user info (it would end up in listings). {@code host} ({@code name:port}) names the endpoint's
 * delivery queue, so one endpoint that is down never holds up another's deliveries.
 */
public record WebhookEndpoint(String url, String host) {
    private static final int MAX_LENGTH = 2048;
    private static final Pattern HOST = Pattern.compile("[a-z0-9.\\-\\[\\]:]{1,300}");

    public static WebhookEndpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("empty webhook URL");
        }
        if (text.length() > MAX_LENGTH) {
            throw new BadInputException("webhook URL longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new BadInputException("bad webhook URL '" + text + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadInputException("webhook URL must be http:// or https://, got '" + text + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new BadInputException("webhook URL has no host: '" + text + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new BadInputException("webhook URL must not carry a user name or password: '" + uri.getHost() + "'");
        }
        if (uri.getRawFragment() != null) {
            throw new BadInputException("webhook URL must not have a #fragment: '" + text + "'");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String host = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        if (!HOST.matcher(host).matches()) {
            throw new BadInputException("webhook URL has an unusable host: '" + uri.getHost() + "'");
        }
        return new WebhookEndpoint(uri.toString(), host);
    }

    /** Whether a host read back from Redis is one {@link #parse} could have made (it becomes part of a key). */
    public static boolean validHost(String host) {
        return host != null && HOST.matcher(host).matches();
    }

    /** The URL without its query string, for logs (a query may carry a token). */
    public String redacted() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
