package io.jrestate.aeron.transport;

import io.jrestate.common.Verify;

/**
 * A node's plain id together with the generation of the process that currently runs it, written {@code N<id>:<gen>}.
 *
 * <p>The generation goes up on every process start, so it is the fencing token of a node: a peer that has seen
 * {@code N2:4} refuses any later handshake from {@code N2:3}, which can only come from a process that should be
 * dead (a paused or partitioned old incarnation).
 *
 * @param id the plain node id, at least 1 (ids are never reused)
 * @param generation the process generation, at least 1
 */
public record GenerationalNodeId(int id, int generation) {
    /**
     * Validates the components.
     *
     * @param id the plain node id, at least 1
     * @param generation the process generation, at least 1
     */
    public GenerationalNodeId {
        // Built often (every session lookup); the error text is only built when the check fails.
        if (id < 1 || generation < 1) {
            Verify.argument(id >= 1, "node id must be at least 1, got " + id);
            Verify.argument(false, "generation of node N" + id + " must be at least 1, got " + generation);
        }
    }

    /**
     * Parses the {@code N<id>:<gen>} form.
     *
     * @param text for example {@code N1:2}
     * @return the parsed id
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static GenerationalNodeId parse(final String text) {
        final int colon = text.indexOf(':');
        if (!text.startsWith("N") || colon < 2 || colon == text.length() - 1) {
            throw new IllegalArgumentException("bad generational node id '" + text + "': expected N<id>:<generation>");
        }
        try {
            return new GenerationalNodeId(
                Integer.parseInt(text.substring(1, colon)), Integer.parseInt(text.substring(colon + 1)));
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("bad generational node id '" + text + "': " + e.getMessage(), e);
        }
    }

    /**
     * Tells whether this incarnation is older than another incarnation of the same node.
     *
     * @param other another incarnation
     * @return true when both name the same node and this generation is lower
     */
    public boolean isOlderThan(final GenerationalNodeId other) {
        return id == other.id && generation < other.generation;
    }

    @Override
    public String toString() {
        return "N" + id + ":" + generation;
    }
}
