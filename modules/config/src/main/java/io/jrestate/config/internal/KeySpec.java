package io.jrestate.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One key of {@code restate.toml}: its dotted path, the kind of value it takes, what jrestate does with it and
 * its default.
 *
 * @param path dotted kebab-case path, e.g. {@code worker.invoker.inactivity-timeout}; a trailing {@code *} makes
 *     it a pattern matching any rest of a path
 * @param kind the value kind, {@link Kind#UNCHECKED} for keys jrestate does not implement
 * @param enumValues the allowed values when {@code kind} is {@link Kind#ENUM}, else empty
 * @param status implemented, node-specific or known-but-unimplemented
 * @param defaultValue the default as a parsed TOML value, or null when the key has none
 */
public record KeySpec(String path, Kind kind, List<String> enumValues, Status status, JsonNode defaultValue) {

    /** What jrestate does with a key. */
    public enum Status {
        /** Implemented and printed by {@code --dump-config}. */
        IMPLEMENTED,
        /** Implemented, but specific to one node (names, addresses): printed only when set explicitly. */
        NODE,
        /** A reference key jrestate does not implement: accepted with one warning, then ignored. */
        KNOWN
    }

    /** The kinds of values, each with its parser in {@link ValueParser}. */
    public enum Kind {
        /** A string. */
        STRING,
        /** true or false. */
        BOOL,
        /** A non-negative integer. */
        UINT,
        /** A TCP port, 0..65535. */
        PORT,
        /** A partition count, 1..65535. */
        PARTITIONS,
        /** A finite floating-point number. */
        FLOAT,
        /** A friendly or ISO 8601 duration. */
        DURATION,
        /** A byte size such as "32.0 MiB", or an integer number of bytes. */
        BYTES,
        /** A duration range "250ms..1m". */
        RANGE,
        /** A list of URLs or addresses. */
        URLS,
        /** A list of roles. */
        ROLES,
        /** A replication property: an integer or a table of scope counts. */
        REPLICATION,
        /** A table of string values with free keys. */
        MAP,
        /** A host:port socket address. */
        ADDRESS,
        /** An http(s) URL. */
        URL,
        /** One of a fixed set of strings. */
        ENUM,
        /** Accepted as written: the server does not read this key, so its value is not validated. */
        UNCHECKED
    }

    /**
     * Whether this spec is a pattern ({@code tls.*}) rather than one key.
     *
     * @return true for a pattern
     */
    public boolean isPattern() {
        return path.endsWith("*");
    }

    /**
     * Whether a value of this kind is one value even when written as a TOML table.
     *
     * @return true for maps and replication properties
     */
    public boolean takesTable() {
        return kind == Kind.MAP || kind == Kind.REPLICATION;
    }
}
