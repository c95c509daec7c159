package io.jrestate.service.protocol.discovery;

/**
 * Discovery of a deployment failed. Carries the reference server's error code (e.g. {@code META0003}) when it
 * has one; the admin API answers such errors with HTTP 500 and
 * {@code {"message": "[CODE] message", "restate_code": "CODE"}}.
 */
public final class DiscoveryException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The deployment cannot be reached, or answered with a non-success status. */
    public static final String META0003 = "META0003";
    /** The deployment's protocol version range does not intersect the server's. */
    public static final String META0012 = "META0012";
    /** The discovery response is not a manifest this server understands. */
    public static final String META0013 = "META0013";
    /** Discovery over HTTP/2 failed and the deployment may speak HTTP/1.1 only. */
    public static final String META0014 = "META0014";

    private final String restateCode;
    private final boolean retryable;

    /**
     * Creates the exception.
     *
     * @param restateCode the reference error code, or null when the reference has none for this case
     * @param message what went wrong, without the code prefix
     * @param retryable whether trying again may succeed (transient network or 5xx-class failures)
     * @param cause the underlying failure, or null
     */
    public DiscoveryException(final String restateCode, final String message, final boolean retryable,
                              final Throwable cause) {
        super(message, cause);
        this.restateCode = restateCode;
        this.retryable = retryable;
    }

    /**
     * Returns the reference error code.
     *
     * @return e.g. {@code META0003}, or null
     */
    public String restateCode() {
        return restateCode;
    }

    /**
     * Whether another discovery attempt may succeed.
     *
     * @return true for transient failures
     */
    public boolean retryable() {
        return retryable;
    }

    /**
     * Returns the message as the admin API shows it: prefixed with {@code [CODE] } when there is a code.
     *
     * @return the decorated message
     */
    public String decoratedMessage() {
        return restateCode == null ? getMessage() : "[" + restateCode + "] " + getMessage();
    }
}
