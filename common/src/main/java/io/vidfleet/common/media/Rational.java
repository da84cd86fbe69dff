package io.vidfleet.common.media;

/** An exact fraction such as a time base (1/30000) or a frame rate (30000/1001). */
public record Rational(long num, long den) {
    public static Rational parse(String text) {
        if (text == null || text.isBlank()) {
            return new Rational(0, 1);
        }
        String[] parts = text.split("[/:]");
        long n = Long.parseLong(parts[0].trim());
        long d = parts.length > 1 ? Long.parseLong(parts[1].trim()) : 1;
        return new Rational(n, d == 0 ? 1 : d);
    }

    public double toDouble() {
        return den == 0 ? 0 : (double) num / den;
    }

    /** Seconds of {@code ticks} counted in this time base. */
    public double seconds(long ticks) {
        return (double) ticks * num / den;
    }

    @Override
    public String toString() {
        return num + "/" + den;
    }
}
