package io.jrestate.metadata.raft.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counters of one or many simulation runs: faults injected by kind, work done, checks passed. */
public final class SimStats {
    final LinkedHashMap<String, Long> counters = new LinkedHashMap<>();

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
        return sb.append('}').toString();
    }
}
