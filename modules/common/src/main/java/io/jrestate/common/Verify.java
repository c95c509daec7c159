package io.jrestate.common;

/**
 * Assertions that stay on in production.
 *
 * <p>Java's {@code assert} is off unless the JVM runs with {@code -ea}; the checks here always run, so a
 * broken invariant stops the operation that broke it instead of corrupting state quietly.
 */
public final class Verify {
    private Verify() {
    }

    /**
     * Fails with an {@link IllegalStateException} when {@code condition} is false.
     *
     * @param condition the invariant that must hold
     * @param message what went wrong, in words a reader of the log understands
     */
    public static void that(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /**
     * Fails with an {@link IllegalArgumentException} when {@code condition} is false.
     *
     * @param condition the precondition on an argument
     * @param message which argument is wrong and why
     */
    public static void argument(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
