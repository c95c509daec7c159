package io.jrestate.service.protocol;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.jrestate.service.protocol.pb.AttachInvocationCommandMessage;
import io.jrestate.service.protocol.pb.AttachInvocationCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.AwaitingOnMessage;
import io.jrestate.service.protocol.pb.CallCommandMessage;
import io.jrestate.service.protocol.pb.CallCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.CallInvocationIdCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.ClearAllStateCommandMessage;
import io.jrestate.service.protocol.pb.ClearStateCommandMessage;
import io.jrestate.service.protocol.pb.CommandAckMessage;
import io.jrestate.service.protocol.pb.CompleteAwakeableCommandMessage;
import io.jrestate.service.protocol.pb.CompletePromiseCommandMessage;
import io.jrestate.service.protocol.pb.CompletePromiseCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.EndMessage;
import io.jrestate.service.protocol.pb.ErrorMessage;
import io.jrestate.service.protocol.pb.GetEagerStateCommandMessage;
import io.jrestate.service.protocol.pb.GetEagerStateKeysCommandMessage;
import io.jrestate.service.protocol.pb.GetInvocationOutputCommandMessage;
import io.jrestate.service.protocol.pb.GetInvocationOutputCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.GetLazyStateCommandMessage;
import io.jrestate.service.protocol.pb.GetLazyStateCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.GetLazyStateKeysCommandMessage;
import io.jrestate.service.protocol.pb.GetLazyStateKeysCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.GetPromiseCommandMessage;
import io.jrestate.service.protocol.pb.GetPromiseCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.InputCommandMessage;
import io.jrestate.service.protocol.pb.OneWayCallCommandMessage;
import io.jrestate.service.protocol.pb.OutputCommandMessage;
import io.jrestate.service.protocol.pb.PeekPromiseCommandMessage;
import io.jrestate.service.protocol.pb.PeekPromiseCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionAckMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionMessage;
import io.jrestate.service.protocol.pb.RunCommandMessage;
import io.jrestate.service.protocol.pb.RunCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.SendSignalCommandMessage;
import io.jrestate.service.protocol.pb.SetStateCommandMessage;
import io.jrestate.service.protocol.pb.SignalNotificationMessage;
import io.jrestate.service.protocol.pb.SleepCommandMessage;
import io.jrestate.service.protocol.pb.SleepCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.StartMessage;
import io.jrestate.service.protocol.pb.SuspensionMessage;

/**
 * The message catalogue of the service invocation protocol V5 to V7: type code, kind, direction and protobuf
 * parser of every message.
 *
 * <pre>
 * type code ranges (u16)
 *   0x0000 - 0x03FF  control messages        (Start, Suspension, Error, End, acks, run proposals)
 *   0x0400 - 0x7FFF  commands                (journal entries the SDK emits; replayed verbatim)
 *   0x8000 - 0xFBFF  notifications           (journal entries the server appends; 0xFBFF = signal)
 *   0xFC00 - 0xFFFF  custom entries          (stored and replayed opaquely; {@link #CUSTOM_ENTRY})
 * </pre>
 *
 * <p>"Completable" commands get one or more notifications (echoing the SDK's completion ids); "fallible"
 * commands may be rejected by the server, failing the attempt.
 */
public enum MessageType {
    /** 0x0000: first message of every attempt. */
    START(0x0000, Kind.CONTROL, Sender.SERVER, StartMessage.parser()),
    /** 0x0001: terminal, the SDK waits for completions or signals. */
    SUSPENSION(0x0001, Kind.CONTROL, Sender.SDK, SuspensionMessage.parser()),
    /** 0x0002: terminal, the attempt failed. */
    ERROR(0x0002, Kind.CONTROL, Sender.SDK, ErrorMessage.parser()),
    /** 0x0003: terminal, the journal is closed. */
    END(0x0003, Kind.CONTROL, Sender.SDK, EndMessage.parser()),
    /** 0x0004: server's reply to a command with the ack flag. */
    COMMAND_ACK(0x0004, Kind.CONTROL, Sender.SERVER, CommandAckMessage.parser()),
    /** 0x0005: the result of a run block, proposed by the SDK. */
    PROPOSE_RUN_COMPLETION(0x0005, Kind.CONTROL, Sender.SDK, ProposeRunCompletionMessage.parser()),
    /** 0x0006 (V7): the SDK's current await point; a hint only. */
    AWAITING_ON(0x0006, Kind.CONTROL, Sender.SDK, AwaitingOnMessage.parser(), ProtocolVersion.V7),
    /** 0x0007 (V7): server's ack of a run proposal sent with the ack flag. */
    PROPOSE_RUN_COMPLETION_ACK(0x0007, Kind.CONTROL, Sender.SERVER, ProposeRunCompletionAckMessage.parser(),
        ProtocolVersion.V7),

    /** 0x0400: journal entry 0, created by the server. */
    INPUT_COMMAND(0x0400, Kind.COMMAND, Sender.BOTH, InputCommandMessage.parser()),
    /** 0x0401: the handler's result. */
    OUTPUT_COMMAND(0x0401, Kind.COMMAND, Sender.BOTH, OutputCommandMessage.parser()),
    /** 0x0402: lazy state read, completed by 0x8002. */
    GET_LAZY_STATE_COMMAND(0x0402, Kind.COMMAND, Sender.BOTH, GetLazyStateCommandMessage.parser()),
    /** 0x0403: state write. */
    SET_STATE_COMMAND(0x0403, Kind.COMMAND, Sender.BOTH, SetStateCommandMessage.parser()),
    /** 0x0404: state key removal. */
    CLEAR_STATE_COMMAND(0x0404, Kind.COMMAND, Sender.BOTH, ClearStateCommandMessage.parser()),
    /** 0x0405: removal of all state of the key. */
    CLEAR_ALL_STATE_COMMAND(0x0405, Kind.COMMAND, Sender.BOTH, ClearAllStateCommandMessage.parser()),
    /** 0x0406: lazy state keys, completed by 0x8006. */
    GET_LAZY_STATE_KEYS_COMMAND(0x0406, Kind.COMMAND, Sender.BOTH, GetLazyStateKeysCommandMessage.parser()),
    /** 0x0407: eager state read, result inline. */
    GET_EAGER_STATE_COMMAND(0x0407, Kind.COMMAND, Sender.BOTH, GetEagerStateCommandMessage.parser()),
    /** 0x0408: eager state keys, result inline. */
    GET_EAGER_STATE_KEYS_COMMAND(0x0408, Kind.COMMAND, Sender.BOTH, GetEagerStateKeysCommandMessage.parser()),
    /** 0x0409: workflow promise get, completed by 0x8009. */
    GET_PROMISE_COMMAND(0x0409, Kind.COMMAND, Sender.BOTH, GetPromiseCommandMessage.parser()),
    /** 0x040A: workflow promise peek, completed by 0x800A. */
    PEEK_PROMISE_COMMAND(0x040A, Kind.COMMAND, Sender.BOTH, PeekPromiseCommandMessage.parser()),
    /** 0x040B: workflow promise completion, completed by 0x800B. */
    COMPLETE_PROMISE_COMMAND(0x040B, Kind.COMMAND, Sender.BOTH, CompletePromiseCommandMessage.parser()),
    /** 0x040C: durable sleep, completed by 0x800C. */
    SLEEP_COMMAND(0x040C, Kind.COMMAND, Sender.BOTH, SleepCommandMessage.parser()),
    /** 0x040D: request-response call, completed by 0x800E then 0x800D. */
    CALL_COMMAND(0x040D, Kind.COMMAND, Sender.BOTH, CallCommandMessage.parser()),
    /** 0x040E: one-way call, completed by 0x800E. */
    ONE_WAY_CALL_COMMAND(0x040E, Kind.COMMAND, Sender.BOTH, OneWayCallCommandMessage.parser()),
    /** 0x0410: signal to another invocation (idx 1 = cancel). */
    SEND_SIGNAL_COMMAND(0x0410, Kind.COMMAND, Sender.BOTH, SendSignalCommandMessage.parser()),
    /** 0x0411: run block, completed by 0x8011 after a proposal. */
    RUN_COMMAND(0x0411, Kind.COMMAND, Sender.BOTH, RunCommandMessage.parser()),
    /** 0x0412: attach to another invocation, completed by 0x8012. */
    ATTACH_INVOCATION_COMMAND(0x0412, Kind.COMMAND, Sender.BOTH, AttachInvocationCommandMessage.parser()),
    /** 0x0413: read another invocation's output, completed by 0x8013. */
    GET_INVOCATION_OUTPUT_COMMAND(0x0413, Kind.COMMAND, Sender.BOTH, GetInvocationOutputCommandMessage.parser()),
    /** 0x0414: awakeable completion. */
    COMPLETE_AWAKEABLE_COMMAND(0x0414, Kind.COMMAND, Sender.BOTH, CompleteAwakeableCommandMessage.parser()),

    /** 0x8002: result of a lazy state read. */
    GET_LAZY_STATE_COMPLETION(0x8002, Kind.NOTIFICATION, Sender.SERVER,
        GetLazyStateCompletionNotificationMessage.parser()),
    /** 0x8006: result of a lazy state keys read. */
    GET_LAZY_STATE_KEYS_COMPLETION(0x8006, Kind.NOTIFICATION, Sender.SERVER,
        GetLazyStateKeysCompletionNotificationMessage.parser()),
    /** 0x8009: result of a promise get. */
    GET_PROMISE_COMPLETION(0x8009, Kind.NOTIFICATION, Sender.SERVER,
        GetPromiseCompletionNotificationMessage.parser()),
    /** 0x800A: result of a promise peek. */
    PEEK_PROMISE_COMPLETION(0x800A, Kind.NOTIFICATION, Sender.SERVER,
        PeekPromiseCompletionNotificationMessage.parser()),
    /** 0x800B: result of a promise completion. */
    COMPLETE_PROMISE_COMPLETION(0x800B, Kind.NOTIFICATION, Sender.SERVER,
        CompletePromiseCompletionNotificationMessage.parser()),
    /** 0x800C: a sleep fired. */
    SLEEP_COMPLETION(0x800C, Kind.NOTIFICATION, Sender.SERVER, SleepCompletionNotificationMessage.parser()),
    /** 0x800D: result of a call. */
    CALL_COMPLETION(0x800D, Kind.NOTIFICATION, Sender.SERVER, CallCompletionNotificationMessage.parser()),
    /** 0x800E: invocation id of a call or one-way call. */
    CALL_INVOCATION_ID_COMPLETION(0x800E, Kind.NOTIFICATION, Sender.SERVER,
        CallInvocationIdCompletionNotificationMessage.parser()),
    /** 0x8011: result of a run block. */
    RUN_COMPLETION(0x8011, Kind.NOTIFICATION, Sender.SERVER, RunCompletionNotificationMessage.parser()),
    /** 0x8012: result of an attach. */
    ATTACH_INVOCATION_COMPLETION(0x8012, Kind.NOTIFICATION, Sender.SERVER,
        AttachInvocationCompletionNotificationMessage.parser()),
    /** 0x8013: result of a get-output. */
    GET_INVOCATION_OUTPUT_COMPLETION(0x8013, Kind.NOTIFICATION, Sender.SERVER,
        GetInvocationOutputCompletionNotificationMessage.parser()),
    /** 0xFBFF: a signal (cancel, awakeable, named signal). */
    SIGNAL(0xFBFF, Kind.NOTIFICATION, Sender.SERVER, SignalNotificationMessage.parser()),

    /** 0xFC00 to 0xFFFF: custom entries, stored and replayed opaquely (their payload is never parsed). */
    CUSTOM_ENTRY(0xFC00, Kind.CUSTOM, Sender.BOTH, null);

    /** First type code of the command range. */
    public static final int COMMAND_RANGE_START = 0x0400;
    /** First type code of the notification range. */
    public static final int NOTIFICATION_RANGE_START = 0x8000;
    /** First type code of the custom entry range. */
    public static final int CUSTOM_RANGE_START = 0xFC00;

    private static final MessageType[] BY_CONTROL_CODE = new MessageType[0x0008];
    private static final MessageType[] BY_COMMAND_CODE = new MessageType[0x0015];
    private static final MessageType[] BY_NOTIFICATION_CODE = new MessageType[0x0014];

    private static final java.util.Map<Class<?>, MessageType> BY_MESSAGE_CLASS = new java.util.HashMap<>();

    static {
        for (final MessageType t : values()) {
            if (t.parser != null) {
                BY_MESSAGE_CLASS.put(t.emptyInstanceClass(), t);
            }
            switch (t.kind) {
                case CONTROL -> BY_CONTROL_CODE[t.code] = t;
                case COMMAND -> BY_COMMAND_CODE[t.code - COMMAND_RANGE_START] = t;
                case NOTIFICATION -> {
                    if (t != SIGNAL) {
                        BY_NOTIFICATION_CODE[t.code - NOTIFICATION_RANGE_START] = t;
                    }
                }
                case CUSTOM -> { }
                default -> throw new IllegalStateException("unhandled kind " + t.kind);
            }
        }
    }

    /** Which part of the protocol a message belongs to. */
    public enum Kind {
        /** Attempt control; never a journal entry. */
        CONTROL,
        /** A journal command. */
        COMMAND,
        /** A journal notification. */
        NOTIFICATION,
        /** An opaque custom journal entry. */
        CUSTOM
    }

    /** Who may send a message on the wire. */
    public enum Sender {
        /** Only the server sends it. */
        SERVER,
        /** Only the SDK sends it. */
        SDK,
        /** The SDK emits it; the server replays it. */
        BOTH
    }

    private final int code;
    private final Kind kind;
    private final Sender sender;
    private final Parser<? extends Message> parser;
    private final ProtocolVersion minVersion;

    MessageType(final int code, final Kind kind, final Sender sender, final Parser<? extends Message> parser) {
        this(code, kind, sender, parser, ProtocolVersion.V5);
    }

    MessageType(final int code, final Kind kind, final Sender sender, final Parser<? extends Message> parser,
                final ProtocolVersion minVersion) {
        this.code = code;
        this.kind = kind;
        this.sender = sender;
        this.parser = parser;
        this.minVersion = minVersion;
    }

    /**
     * Returns the wire type code; for {@link #CUSTOM_ENTRY} the first code of the custom range.
     *
     * @return the u16 type code
     */
    public int code() {
        return code;
    }

    /**
     * Returns the part of the protocol this message belongs to.
     *
     * @return control, command, notification or custom
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns who may send this message.
     *
     * @return the sending side
     */
    public Sender sender() {
        return sender;
    }

    /**
     * Returns the first protocol version that has this message.
     *
     * @return V5 for most messages, V7 for the V7 additions
     */
    public ProtocolVersion minVersion() {
        return minVersion;
    }

    /**
     * Whether the message is a journal entry (command, notification or custom entry).
     *
     * @return true for entries, false for control messages
     */
    public boolean isJournalEntry() {
        return kind != Kind.CONTROL;
    }

    /**
     * Whether the SDK may send this message (commands, custom entries and the SDK's control messages).
     *
     * @return true when the server accepts it from the SDK
     */
    public boolean sentBySdk() {
        return sender != Sender.SERVER;
    }

    /**
     * Parses a payload of this type.
     *
     * @param payload the protobuf bytes
     * @return the parsed message
     * @throws ProtocolException when the payload does not parse, or for custom entries (never parsed)
     */
    public Message parse(final byte[] payload) {
        if (parser == null) {
            throw new ProtocolException("message type " + this + " is opaque and has no protobuf parser");
        }
        try {
            return parser.parseFrom(payload);
        } catch (final com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ProtocolException("payload of " + this + " (" + payload.length + " bytes) is not valid protobuf: "
                + e.getMessage(), e);
        }
    }

    /**
     * Looks a type code up.
     *
     * @param code the u16 type code of a frame header
     * @return the type ({@link #CUSTOM_ENTRY} for the whole custom range), or null when the code is unknown
     */
    public static MessageType ofCode(final int code) {
        if (code < 0 || code > 0xFFFF) {
            return null;
        }
        if (code >= CUSTOM_RANGE_START) {
            return CUSTOM_ENTRY;
        }
        if (code == SIGNAL.code) {
            return SIGNAL;
        }
        if (code >= NOTIFICATION_RANGE_START) {
            final int i = code - NOTIFICATION_RANGE_START;
            return i < BY_NOTIFICATION_CODE.length ? BY_NOTIFICATION_CODE[i] : null;
        }
        if (code >= COMMAND_RANGE_START) {
            final int i = code - COMMAND_RANGE_START;
            return i < BY_COMMAND_CODE.length ? BY_COMMAND_CODE[i] : null;
        }
        return code < BY_CONTROL_CODE.length ? BY_CONTROL_CODE[code] : null;
    }

    /**
     * Returns the type of a protobuf message object of this catalogue.
     *
     * @param message a message generated from the protocol's {@code .proto}
     * @return its type
     * @throws IllegalArgumentException when the message is not part of the catalogue
     */
    public static MessageType of(final Message message) {
        final MessageType t = BY_MESSAGE_CLASS.get(message.getClass());
        if (t == null) {
            throw new IllegalArgumentException("not a service protocol message: " + message.getClass().getName());
        }
        return t;
    }

    private Class<?> emptyInstanceClass() {
        try {
            return parser.parseFrom(new byte[0]).getClass();
        } catch (final com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot build the empty instance of " + this, e);
        }
    }

    /**
     * Returns the type code formatted as in the spec, e.g. {@code 0x040C}.
     *
     * @param code a u16 type code
     * @return the code as four upper-case hex digits with {@code 0x}
     */
    public static String hex(final int code) {
        return String.format("0x%04X", code);
    }
}
