package io.jrestate.service.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.jrestate.service.protocol.pb.CallCommandMessage;
import io.jrestate.service.protocol.pb.ErrorMessage;
import io.jrestate.service.protocol.pb.Failure;
import io.jrestate.service.protocol.pb.FailureMetadata;
import io.jrestate.service.protocol.pb.Future;
import io.jrestate.service.protocol.pb.GetEagerStateCommandMessage;
import io.jrestate.service.protocol.pb.OneWayCallCommandMessage;
import io.jrestate.service.protocol.pb.SetStateCommandMessage;
import io.jrestate.service.protocol.pb.StartMessage;
import io.jrestate.service.protocol.pb.SuspensionMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.service.protocol.pb.Void;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Randomized round trip: builds random sequences of protocol messages, encodes them into one stream, feeds the
 * stream to the decoder in random chunk sizes, and checks that the same frames and the same parsed messages come
 * out. The seed is printed; rerun one with {@code -Dseed=N}.
 */
class FrameRoundTripTest {
    private static final int ROUNDS = 300;

    @Test
    void shouldRoundTripRandomMessagesInRandomChunks() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("FrameRoundTripTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < ROUNDS; round++) {
            final List<Message> messages = new ArrayList<>();
            final List<Frame> frames = new ArrayList<>();
            final ByteArrayOutputStream stream = new ByteArrayOutputStream();
            final int count = 1 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                final Message m = randomMessage(random);
                final Frame f = Frame.of(m, random.nextInt(4) == 0);
                messages.add(m);
                frames.add(f);
                stream.writeBytes(f.encode());
            }
            final List<Frame> decoded = decodeInChunks(stream.toByteArray(), random);
            assertEquals(frames, decoded, "seed " + seed + " round " + round);
            for (int i = 0; i < count; i++) {
                assertEquals(messages.get(i), decoded.get(i).parse(), "seed " + seed + " round " + round);
                assertArrayEquals(frames.get(i).encode(), decoded.get(i).encode());
            }
        }
    }

    private static List<Frame> decodeInChunks(final byte[] bytes, final SplittableRandom random) {
        final FrameDecoder decoder = new FrameDecoder(1 << 16);
        final List<Frame> out = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            final int n = Math.min(bytes.length - at, 1 + random.nextInt(40));
            decoder.feed(ByteBuffer.wrap(bytes, at, n), out::add);
            at += n;
        }
        decoder.finish();
        return out;
    }

    private static ByteString randomBytes(final SplittableRandom random) {
        final byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return ByteString.copyFrom(b);
    }

    private static String randomName(final SplittableRandom random) {
        return "n" + Integer.toString(random.nextInt(1 << 20), 36);
    }

    private static Message randomMessage(final SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> StartMessage.newBuilder().setId(randomBytes(random)).setDebugId(randomName(random))
                .setKnownEntries(random.nextInt(100)).setPartialState(random.nextBoolean())
                .addStateMap(StartMessage.StateEntry.newBuilder().setKey(randomBytes(random))
                    .setValue(randomBytes(random)))
                .setRandomSeed(random.nextLong()).setRetryCountSinceLastStoredEntry(random.nextInt(5)).build();
            case 1 -> SetStateCommandMessage.newBuilder().setKey(randomBytes(random))
                .setValue(Value.newBuilder().setContent(randomBytes(random))).setName(randomName(random)).build();
            case 2 -> GetEagerStateCommandMessage.newBuilder().setKey(randomBytes(random))
                .setVoid(Void.getDefaultInstance()).build();
            case 3 -> CallCommandMessage.newBuilder().setServiceName(randomName(random)).setHandlerName("h")
                .setParameter(randomBytes(random)).setIdempotencyKey(randomName(random))
                .setInvocationIdNotificationIdx(1).setResultCompletionId(2).build();
            case 4 -> OneWayCallCommandMessage.newBuilder().setServiceName(randomName(random))
                .setInvokeTime(random.nextLong(1L << 42)).setInvocationIdNotificationIdx(3).build();
            case 5 -> ErrorMessage.newBuilder().setCode(500).setMessage(randomName(random))
                .setRelatedCommandIndex(random.nextInt(10)).setNextRetryDelay(random.nextInt(5000)).build();
            case 6 -> SuspensionMessage.newBuilder().setAwaitingOn(Future.newBuilder().addWaitingSignals(1)
                .addNestedFutures(Future.newBuilder().addWaitingCompletions(random.nextInt(9) + 1))).build();
            default -> io.jrestate.service.protocol.pb.OutputCommandMessage.newBuilder()
                .setFailure(Failure.newBuilder().setCode(409).setMessage("Cancelled")
                    .addMetadata(FailureMetadata.newBuilder().setKey("k").setValue(randomName(random)))).build();
        };
    }
}
