package io.jrestate.config;

import io.jrestate.common.Verify;
import java.util.Map;

/**
 * A replication property ({@code default-replication}): how many copies, per location scope. Written either as
 * a number ({@code 2}, meaning two nodes) or as a table ({@code {zone = 2, node = 3}}).
 *
 * @param copiesPerScope copies per scope, keys among {@code region}, {@code zone}, {@code node}; never empty
 */
public record Replication(Map<String, Long> copiesPerScope) {
    /**
     * Creates a replication property.
     *
     * @param copiesPerScope copies per scope, never empty
     */
    public Replication {
        Verify.argument(!copiesPerScope.isEmpty(), "a replication property needs at least one scope");
        copiesPerScope = Map.copyOf(copiesPerScope);
    }

    /**
     * Replication over {@code nodes} nodes.
     *
     * @param nodes the number of copies, at least 1
     * @return the property
     */
    public static Replication ofNodes(final long nodes) {
        return new Replication(Map.of("node", nodes));
    }

    /**
     * The number of node copies.
     *
     * @return the {@code node} scope's count
     */
    public long nodes() {
        return copiesPerScope.getOrDefault("node", 1L);
    }
}
