package io.jrestate.config;

import java.util.List;

/**
 * The configuration cannot be used: a malformed file, a wrong type, an invalid value or an unknown key.
 *
 * <p>Each problem is one line naming where the value came from (the file, the environment variable or the
 * command-line flag), the key and what was expected. The launcher prints {@link #getMessage()} and exits with
 * code {@value #EXIT_CODE}.
 */
public final class ConfigException extends RuntimeException {
    /** The process exit code for a configuration error, as the reference server uses for bad arguments. */
    public static final int EXIT_CODE = 2;

    private final List<String> problems;

    /**
     * Creates an exception listing every problem found.
     *
     * @param problems one line per problem, at least one
     */
    public ConfigException(final List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Creates an exception for a single problem.
     *
     * @param problem the problem, naming the source, the key and what was expected
     */
    public ConfigException(final String problem) {
        this(List.of(problem));
    }

    /**
     * Every problem found, one line each.
     *
     * @return the problems, never empty
     */
    public List<String> problems() {
        return problems;
    }
}
