package io.jrestate.log.server;

/**
 * The transport message types of the log-server RPCs (requests; each response travels as the answer of its
 * request). {@code Release} is a one-way message.
 */
public final class LogServerMessageTypes {
    /** {@code Store -> Stored}. */
    public static final int STORE = 0x0200;
    /** {@code GetRecords -> Records}. */
    public static final int GET_RECORDS = 0x0201;
    /** {@code Seal -> Sealed}. */
    public static final int SEAL = 0x0202;
    /** {@code Trim -> Trimmed}. */
    public static final int TRIM = 0x0203;
    /** {@code Release}, one-way. */
    public static final int RELEASE = 0x0204;
    /** {@code GetLogletInfo -> LogletInfo}. */
    public static final int GET_LOGLET_INFO = 0x0205;
    /** {@code WaitForTail -> TailUpdated}. */
    public static final int WAIT_FOR_TAIL = 0x0206;
    /** {@code GetDigest -> Digest}. */
    public static final int GET_DIGEST = 0x0207;

    private LogServerMessageTypes() {
    }
}
