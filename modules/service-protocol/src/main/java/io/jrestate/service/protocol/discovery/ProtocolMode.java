package io.jrestate.service.protocol.discovery;

/** How a deployment serves invocations, as announced in its manifest ({@code protocolMode}). */
public enum ProtocolMode {
    /** Full duplex over HTTP/2: notifications are pushed while the attempt runs. Admin label {@code BidiStream}. */
    BIDI_STREAM("BidiStream"),
    /** The request body is closed after the replay; the SDK answers afterwards. Label {@code RequestResponse}. */
    REQUEST_RESPONSE("RequestResponse");

    private final String label;

    ProtocolMode(final String label) {
        this.label = label;
    }

    /**
     * Returns the name the admin API uses ({@code protocol_type}).
     *
     * @return {@code BidiStream} or {@code RequestResponse}
     */
    public String label() {
        return label;
    }
}
