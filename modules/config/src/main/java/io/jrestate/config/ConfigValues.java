package io.jrestate.config;

import io.jrestate.common.ByteSize;
import io.jrestate.config.internal.KeyCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective value of every implemented key, by dotted path, already parsed and checked. The typed sections
 * of {@link RestateConfig} are built from it; it is also the generic way to read a key that has no typed accessor.
 *
 * @param values dotted path to typed value (String, Boolean, Long, Double, Duration, ByteSize, DurationRange,
 *     {@code List<String>}, {@code Set<Role>}, Replication, {@code Map<String,String>} or BindAddress)
 */
public record ConfigValues(Map<String, Object> values) {
    /**
     * Creates the values.
     *
     * @param values dotted path to typed value
     */
    public ConfigValues {
        values = Map.copyOf(values);
    }

    /**
     * The value of a key, if it has one.
     *
     * @param path a dotted key path
     * @param type the expected Java type
     * @param <T> the type
     * @return the value, empty for an optional key that is not set
     * @throws IllegalArgumentException for a path that is not an implemented key, or a type mismatch
     */
    public <T> Optional<T> optional(final String path, final Class<T> type) {
        final Object value = values.get(path);
        if (value == null) {
            if (KeyCatalog.reference().lookup(path).isEmpty()) {
                throw new IllegalArgumentException("no configuration key " + path);
            }
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("key " + path + " holds a " + value.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return Optional.of(type.cast(value));
    }

    /**
     * The value of a key that always has one (it has a default).
     *
     * @param path a dotted key path
     * @param type the expected Java type
     * @param <T> the type
     * @return the value
     * @throws IllegalArgumentException when the key has no value or another type
     */
    public <T> T get(final String path, final Class<T> type) {
        return optional(path, type).orElseThrow(() -> new IllegalArgumentException("key " + path + " has no value"));
    }

    /**
     * A duration key.
     *
     * @param path a dotted key path
     * @return the duration
     */
    public Duration duration(final String path) {
        return get(path, Duration.class);
    }

    /**
     * A byte-size key.
     *
     * @param path a dotted key path
     * @return the size
     */
    public ByteSize bytes(final String path) {
        return get(path, ByteSize.class);
    }

    /**
     * An integer key.
     *
     * @param path a dotted key path
     * @return the number
     */
    public long number(final String path) {
        return get(path, Long.class);
    }

    /**
     * An integer key that must fit an {@code int}.
     *
     * @param path a dotted key path
     * @return the number
     */
    public int intNumber(final String path) {
        return Math.toIntExact(number(path));
    }

    /**
     * A floating-point key.
     *
     * @param path a dotted key path
     * @return the number
     */
    public double decimal(final String path) {
        return get(path, Double.class);
    }

    /**
     * A boolean key.
     *
     * @param path a dotted key path
     * @return the flag
     */
    public boolean flag(final String path) {
        return get(path, Boolean.class);
    }

    /**
     * A string key.
     *
     * @param path a dotted key path
     * @return the text
     */
    public String text(final String path) {
        return get(path, String.class);
    }

    /**
     * A list-of-strings key.
     *
     * @param path a dotted key path
     * @return the strings
     */
    @SuppressWarnings("unchecked")
    public List<String> strings(final String path) {
        return get(path, List.class);
    }
}
