package io.jrestate.restatectl;

import io.jrestate.restatectl.internal.Restatectl;

import java.util.List;

/** Entry point of {@code restatectl}. */
public final class Main {
    private Main() {
    }

    /**
     * Runs one command and exits with its status (0 success, 1 failure, 2 bad usage).
     *
     * @param args command line, as the reference {@code restatectl} takes it
     */
    public static void main(final String[] args) {
        final int code = new Restatectl(System.getenv(), System.out, System.err).run(List.of(args));
        System.out.flush();
        System.exit(code);
    }
}
