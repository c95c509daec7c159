package io.jrestate.service.protocol.schema;

/**
 * A schema registry operation was refused. The kind maps to the admin API status: NOT_FOUND 404, CONFLICT 409,
 * INVALID 400.
 */
public final class SchemaException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the operation was refused. */
    public enum Kind {
        /** The deployment or service does not exist. */
        NOT_FOUND,
        /** A breaking change (type change, removed handlers) without {@code breaking}/{@code force}. */
        CONFLICT,
        /** The request is invalid. */
        INVALID
    }

    private final Kind kind;
    private final String restateCode;

    /**
     * Creates the exception.
     *
     * @param kind why
     * @param restateCode reference error code (e.g. {@code META0006}) or null
     * @param message what was refused, naming the deployment/service/handler
     */
    public SchemaException(final Kind kind, final String restateCode, final String message) {
        super(message);
        this.kind = kind;
        this.restateCode = restateCode;
    }

    /**
     * Returns why the operation was refused.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the reference error code.
     *
     * @return the code or null
     */
    public String restateCode() {
        return restateCode;
    }

    /**
     * Returns the message prefixed with {@code [CODE] } when there is a code, as the admin API shows it.
     *
     * @return the decorated message
     */
    public String decoratedMessage() {
        return restateCode == null ? getMessage() : "[" + restateCode + "] " + getMessage();
    }
}
