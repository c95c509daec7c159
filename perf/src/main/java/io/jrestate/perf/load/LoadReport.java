package io.jrestate.perf.load;

import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a load run, formatted for people ({@link #text()}) and for scripts ({@link #json()}).
 *
 * <p>The JSON summary is one line with flat fields, for example:
 * <pre>
 * {"tool":"jrestate-load","url":"http://127.0.0.1:8080","target":"Greeter/greet","connections":16,"keys":1000,
 *  "mode":"closed","rate":0,"warmup_s":5.0,"duration_s":30.0,"seed":42,"ok":90000,"errors":0,
 *  "throughput_rps":3000.0,"p50_ms":5.1,"p90_ms":7.9,"p99_ms":12.3,"p999_ms":20.4,"max_ms":31.0,
 *  "mean_ms":5.3,"connects":16,"errors_by_kind":{}}
 * </pre>
 * Throughput counts 2xx responses that completed inside the measured window; latencies are of those responses.
 *
 * @param options the run options
 * @param stats the merged observations of every connection
 */
public record LoadReport(LoadOptions options, ConnectionStats stats) {
    private static final double NANOS_PER_MILLI = 1e6;

    /** @return successful responses per second over the measured window */
    public double throughputPerSecond() {
        return stats.ok() / (options.duration().toNanos() / 1e9);
    }

    /** @return the number of 2xx responses in the measured window */
    public long ok() {
        return stats.ok();
    }

    /** @return the number of failed requests in the measured window */
    public long errors() {
        return stats.errors();
    }

    /** @return the latency histogram of the 2xx responses, in nanoseconds */
    public LatencyHistogram latencyNs() {
        return stats.latencyNs;
    }

    /** @return a multi-line human-readable summary */
    public String text() {
        final LatencyHistogram h = stats.latencyNs;
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "target      %s %s%n", url(), options.target()));
        sb.append(String.format(Locale.ROOT, "load        %d connections, %s, %s, seed %d%n",
                options.connections(), options.openLoop() ? "open loop at " + options.ratePerSecond() + " req/s"
                        : "closed loop", options.keyed() ? options.keys() + " keys" : "no key", options.seed()));
        sb.append(String.format(Locale.ROOT, "window      %.1f s after %.1f s warm-up%n",
                seconds(options.duration()), seconds(options.warmup())));
        sb.append(String.format(Locale.ROOT, "throughput  %.1f req/s (%d ok, %d errors)%n",
                throughputPerSecond(), stats.ok(), stats.errors()));
        sb.append(String.format(Locale.ROOT, "latency ms  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f"
                        + "  mean %.3f%n", ms(h.valueAtPercentile(50)), ms(h.valueAtPercentile(90)),
                ms(h.valueAtPercentile(99)), ms(h.valueAtPercentile(99.9)), ms(h.max()), h.mean() / NANOS_PER_MILLI));
        final Map<String, Long> errors = stats.errorsByKind();
        sb.append("errors      ").append(errors.isEmpty() ? "none" : errors.toString()).append(System.lineSeparator());
        if (stats.firstError() != null) {
            sb.append("first error ").append(stats.firstError()).append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "connects    %d%n", stats.connects()));
        return sb.toString();
    }

    /** @return the one-line JSON summary */
    public String json() {
        final LatencyHistogram h = stats.latencyNs;
        final StringBuilder sb = new StringBuilder(512);
        sb.append("{\"tool\":\"jrestate-load\",\"url\":").append(quote(url()))
                .append(",\"target\":").append(quote(options.target()))
                .append(",\"connections\":").append(options.connections())
                .append(",\"keys\":").append(options.keys())
                .append(",\"mode\":\"").append(options.openLoop() ? "open" : "closed").append('"')
                .append(",\"rate\":").append(num(options.ratePerSecond()))
                .append(",\"warmup_s\":").append(num(seconds(options.warmup())))
                .append(",\"duration_s\":").append(num(seconds(options.duration())))
                .append(",\"seed\":").append(options.seed())
                .append(",\"ok\":").append(stats.ok())
                .append(",\"errors\":").append(stats.errors())
                .append(",\"throughput_rps\":").append(num(throughputPerSecond()))
                .append(",\"p50_ms\":").append(num(ms(h.valueAtPercentile(50))))
                .append(",\"p90_ms\":").append(num(ms(h.valueAtPercentile(90))))
                .append(",\"p99_ms\":").append(num(ms(h.valueAtPercentile(99))))
                .append(",\"p999_ms\":").append(num(ms(h.valueAtPercentile(99.9))))
                .append(",\"max_ms\":").append(num(ms(h.max())))
                .append(",\"mean_ms\":").append(num(h.mean() / NANOS_PER_MILLI))
                .append(",\"connects\":").append(stats.connects())
                .append(",\"errors_by_kind\":{");
        boolean first = true;
        for (final Map.Entry<String, Long> e : stats.errorsByKind().entrySet()) {
            sb.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(e.getValue());
            first = false;
        }
        return sb.append("}}").toString();
    }

    private String url() {
        return "http://" + options.authority() + options.basePath();
    }

    private static double ms(final long nanos) {
        return nanos / NANOS_PER_MILLI;
    }

    private static double seconds(final java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String num(final double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String quote(final String s) {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
