package io.vidfleet.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line is a comment, a
 * {@code # HELP}/{@code # TYPE} line or a sample {@code name{labels} value}; every sample belongs to a
 * declared family. Anything else throws, so "it parses" means something.
 */
final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? ([-+]?(?:[0-9.eE+-]+|NaN|Inf|\\+Inf|-Inf))( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    final Map<String, String> types = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    parsed.types.put(type.group(1), type.group(2));
                } else if (!line.startsWith("# HELP ") && !line.startsWith("# EOF")) {
                    throw new AssertionError("not a Prometheus comment: " + line);
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null && !m.group(3).isEmpty()) {
                Matcher label = LABEL.matcher(m.group(3));
                int end = 0;
                while (label.find() && label.start() == end) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                if (end != m.group(3).length()) {
                    throw new AssertionError("bad labels in: " + line);
                }
            }
            if (parsed.family(m.group(1)) == null) {
                throw new AssertionError("sample of an undeclared family: " + line);
            }
            String value = m.group(4).replace("+Inf", "Infinity").replace("Inf", "Infinity");
            parsed.samples.add(new Sample(m.group(1), labels, Double.parseDouble(value.replace("InfinityInfinity", "Infinity"))));
        }
        return parsed;
    }

    private String family(String sample) {
        for (String suffix : new String[] {"", "_total", "_bucket", "_count", "_sum", "_created", "_max"}) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return types.containsKey(sample) ? sample : null;
    }

    /** The sum of the samples with this name whose labels include {@code match} (0 when there are none). */
    double value(String name, Map<String, String> match) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> match.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
                .mapToDouble(Sample::value).sum();
    }

    double value(String name) {
        return value(name, Map.of());
    }
}
