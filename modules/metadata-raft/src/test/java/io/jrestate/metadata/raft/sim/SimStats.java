package io.jrestate.metadata.raft.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counters of one or many simulation runs: faults injected by kind, work done, checks passed. */
public final class SimStats {
    final LinkedHashMap<String, Long> counters = new LinkedHashMap<>();
    private final LinkedHashMap<String, java.util.List<Long>> samples = new LinkedHashMap<>();

    void sample(final String name, final long value) {
        samples.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
    }

    /**
     * A percentile of a sampled quantity.
     *
     * @param name the sample name
     * @param percent 0..100
     * @return the value at that percentile, or -1 when there are no samples
     */
    public long percentile(final String name, final double percent) {
        final java.util.List<Long> values = samples.get(name);
        if (values == null || values.isEmpty()) {
            return -1;
        }
        final java.util.List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(sorted.size() * percent / 100.0)));
    }

    void add(final String name, final long delta) {
        counters.merge(name, delta, Long::sum);
    }

    void max(final String name, final long value) {
        counters.merge(name, value, Math::max);
    }

    void inc(final String name) {
        add(name, 1);
    }

    /**
     * A counter's value.
     *
     * @param name the counter
     * @return its value, 0 when never incremented
     */
    public long get(final String name) {
        return counters.getOrDefault(name, 0L);
    }

    /**
     * Adds another run's counters to these.
     *
     * @param other the other counters
     */
    public void addAll(final SimStats other) {
        other.samples.forEach((k, v) -> v.forEach(x -> sample(k, x)));
        other.counters.forEach((k, v) -> {
            if (k.endsWith(".max")) {
                max(k, v);
            } else {
                add(k, v);
            }
        });
    }

    /** @return the counters, in first-seen order */
    public Map<String, Long> asMap() {
        return counters;
    }

    /** @return the counters as one JSON object */
    public String toJson() {
        final StringBuilder sb = new StringBuilder("{");
        counters.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
            .append(v));
        samples.keySet().forEach(k -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k)
            .append(".p50\": ").append(percentile(k, 50)).append(", \"").append(k).append(".p99\": ")
            .append(percentile(k, 99)));
        return sb.append('}').toString();
    }
}
