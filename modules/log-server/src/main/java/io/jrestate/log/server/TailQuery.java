package io.jrestate.log.server;

/** Which tail a {@code WaitForTail} waits for. */
public enum TailQuery {
    /** The server's local tail (what it stored durably). */
    LOCAL_TAIL,
    /** The global tail the server knows (from the sequencer's releases and request headers). */
    GLOBAL_TAIL
}
