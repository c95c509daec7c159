package io.jrestate.worker.internal.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.wal.Command;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The {@code ModifyState} record (admin {@code POST /services/{name}/state}) applied to a state machine: it
 * replaces the object's whole state (keys missing from the new state are gone, other objects untouched), an empty
 * new state clears it, and an expected version is honoured: the record applies when the version still matches
 * and is skipped when it is stale. The version is checked against a state built independently of the machine.
 */
class StateModificationFsmTest {
    private static final ObjectKey COUNTER_A = new ObjectKey("Counter", "a");
    private static final ObjectKey COUNTER_B = new ObjectKey("Counter", "b");

    private static ByteString utf8(final String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static Command modify(final ObjectKey object, final Map<String, byte[]> state, final String version) {
        return Command.newBuilder().setModifyState(StateModification.command(object.service(), object.key(), state,
                version)).build();
    }

    private static Map<String, byte[]> state(final String... keyValues) {
        final Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return m;
    }

    private static NavigableMap<ByteString, ByteString> sorted() {
        return new TreeMap<>(ByteString.unsignedLexicographicalComparator());
    }

    @Test
    void shouldReplaceTheWholeStateOfOneObjectOnly() {
        final FsmDriver driver = new FsmDriver(0);
        driver.fsm.state().putState(COUNTER_A, utf8("count"), utf8("5"));
        driver.fsm.state().putState(COUNTER_A, utf8("old"), utf8("x"));
        driver.fsm.state().putState(COUNTER_B, utf8("count"), utf8("7"));
        driver.apply(modify(COUNTER_A, state("count", "42", "name", "n"), null));
        assertEquals(Map.of(utf8("count"), utf8("42"), utf8("name"), utf8("n")),
                driver.fsm.state().stateOf(COUNTER_A));
        assertEquals(Map.of(utf8("count"), utf8("7")), driver.fsm.state().stateOf(COUNTER_B));
        driver.apply(modify(COUNTER_A, Map.of(), null));
        assertEquals(Map.of(), driver.fsm.state().stateOf(COUNTER_A));
    }

    @Test
    void shouldApplyAMatchingVersionAndSkipAStaleOne() {
        final FsmDriver driver = new FsmDriver(0);
        driver.fsm.state().putState(COUNTER_A, utf8("count"), utf8("5"));
        final NavigableMap<ByteString, ByteString> expected = sorted();
        expected.put(utf8("count"), utf8("5"));
        final String version = StateModification.version(expected);
        assertEquals(64, version.length());
        driver.apply(modify(COUNTER_A, state("count", "6"), version));
        assertEquals(Map.of(utf8("count"), utf8("6")), driver.fsm.state().stateOf(COUNTER_A));
        // The same version is now stale: the state changed since.
        driver.apply(modify(COUNTER_A, state("count", "99"), version));
        assertEquals(Map.of(utf8("count"), utf8("6")), driver.fsm.state().stateOf(COUNTER_A));
        driver.apply(modify(COUNTER_A, state("count", "99"), "abc"));
        assertEquals(Map.of(utf8("count"), utf8("6")), driver.fsm.state().stateOf(COUNTER_A));
        assertNotEquals(version, StateModification.version(driver.fsm.state().stateOf(COUNTER_A)));
    }

    @Test
    void shouldDistinguishVersionsOfStatesWithShiftedBoundaries() {
        final NavigableMap<ByteString, ByteString> one = sorted();
        one.put(utf8("ab"), utf8("c"));
        final NavigableMap<ByteString, ByteString> two = sorted();
        two.put(utf8("a"), utf8("bc"));
        assertNotEquals(StateModification.version(one), StateModification.version(two));
    }
}
