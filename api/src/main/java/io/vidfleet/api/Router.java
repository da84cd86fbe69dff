package io.vidfleet.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps a method and a path ({@code /api/jobs/{id}/cancel}) to a handler; 404 and 405 otherwise. */
final class Router {
    private record Route(String method, Pattern path, Function<Call, Reply> handler) {
    }

    /** A route matched to a request: the handler and the path parameters in order. */
    record Match(Function<Call, Reply> handler, List<String> parameters) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Function<Call, Reply> handler) {
        String regex = Pattern.quote(template).replace("{id}", "\\E([^/]+)\\Q");
        routes.add(new Route(method, Pattern.compile(regex), handler));
        return this;
    }

    Match match(String method, String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Matcher matcher = route.path.matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            if (!route.method.equals(method)) {
                allowed.add(route.method);
                continue;
            }
            List<String> parameters = new ArrayList<>();
            for (int i = 1; i <= matcher.groupCount(); i++) {
                parameters.add(matcher.group(i));
            }
            return new Match(route.handler, parameters);
        }
        if (!allowed.isEmpty()) {
            throw new HttpError(405, method + " is not allowed here (use " + String.join(", ", allowed) + ")");
        }
        throw new HttpError(404, "no such endpoint: " + method + " " + Replies.printable(path));
    }
}
