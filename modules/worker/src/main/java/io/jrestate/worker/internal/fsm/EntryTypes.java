package io.jrestate.worker.internal.fsm;

/**
 * Service protocol message types the state machine interprets (spec section 1.5). Commands live in
 * 0x0400-0x7FFF, notifications in 0x8000-0xFBFF; the signal notification is 0xFBFF.
 */
public final class EntryTypes {
    /** ProposeRunCompletion: not a journal entry itself; becomes a Run completion notification. */
    public static final int PROPOSE_RUN_COMPLETION = 0x0005;
    /** InputCommand, always entry 0. */
    public static final int INPUT = 0x0400;
    /** OutputCommand. */
    public static final int OUTPUT = 0x0401;
    /** GetLazyStateCommand. */
    public static final int GET_LAZY_STATE = 0x0402;
    /** SetStateCommand. */
    public static final int SET_STATE = 0x0403;
    /** ClearStateCommand. */
    public static final int CLEAR_STATE = 0x0404;
    /** ClearAllStateCommand. */
    public static final int CLEAR_ALL_STATE = 0x0405;
    /** GetLazyStateKeysCommand. */
    public static final int GET_LAZY_STATE_KEYS = 0x0406;
    /** GetEagerStateCommand. */
    public static final int GET_EAGER_STATE = 0x0407;
    /** GetEagerStateKeysCommand. */
    public static final int GET_EAGER_STATE_KEYS = 0x0408;
    /** GetPromiseCommand (workflows only). */
    public static final int GET_PROMISE = 0x0409;
    /** PeekPromiseCommand (workflows only). */
    public static final int PEEK_PROMISE = 0x040A;
    /** CompletePromiseCommand (workflows only). */
    public static final int COMPLETE_PROMISE = 0x040B;
    /** SleepCommand. */
    public static final int SLEEP = 0x040C;
    /** CallCommand. */
    public static final int CALL = 0x040D;
    /** OneWayCallCommand. */
    public static final int ONE_WAY_CALL = 0x040E;
    /** SendSignalCommand. */
    public static final int SEND_SIGNAL = 0x0410;
    /** AttachInvocationCommand. */
    public static final int ATTACH_INVOCATION = 0x0412;
    /** GetInvocationOutputCommand. */
    public static final int GET_INVOCATION_OUTPUT = 0x0413;
    /** CompleteAwakeableCommand. */
    public static final int COMPLETE_AWAKEABLE = 0x0414;
    /** RunCommand. */
    public static final int RUN = 0x0411;
    /** GetLazyState completion notification. */
    public static final int GET_LAZY_STATE_COMPLETION = 0x8002;
    /** GetLazyStateKeys completion notification. */
    public static final int GET_LAZY_STATE_KEYS_COMPLETION = 0x8006;
    /** GetPromise completion notification. */
    public static final int GET_PROMISE_COMPLETION = 0x8009;
    /** PeekPromise completion notification. */
    public static final int PEEK_PROMISE_COMPLETION = 0x800A;
    /** CompletePromise completion notification. */
    public static final int COMPLETE_PROMISE_COMPLETION = 0x800B;
    /** Sleep completion notification. */
    public static final int SLEEP_COMPLETION = 0x800C;
    /** Call completion notification. */
    public static final int CALL_COMPLETION = 0x800D;
    /** Call invocation id completion notification. */
    public static final int CALL_INVOCATION_ID_COMPLETION = 0x800E;
    /** Run completion notification. */
    public static final int RUN_COMPLETION = 0x8011;
    /** Attach invocation completion notification. */
    public static final int ATTACH_INVOCATION_COMPLETION = 0x8012;
    /** Get invocation output completion notification. */
    public static final int GET_INVOCATION_OUTPUT_COMPLETION = 0x8013;
    /** Signal notification. */
    public static final int SIGNAL = 0xFBFF;

    private EntryTypes() {
    }

    /**
     * Whether a type is a command (entry that counts in the command index).
     *
     * @param type the message type
     * @return true for 0x0400-0x7FFF and custom entries
     */
    public static boolean isCommand(final int type) {
        return type >= 0x0400 && type < 0x8000 || type >= 0xFC00;
    }

    /**
     * Whether a type is a notification.
     *
     * @param type the message type
     * @return true for 0x8000-0xFBFF
     */
    public static boolean isNotification(final int type) {
        return type >= 0x8000 && type <= 0xFBFF;
    }
}
