package io.jrestate.metadata.raft.internal.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replicated member's small files: the generation goes up by one on every start and survives reopening, the
 * member list round-trips, corrupt files are refused with their name, and configured addresses parse or are
 * refused naming the entry.
 */
class MemberDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void shouldBumpTheGenerationOnEveryStart() throws IOException {
        assertEquals(1, new MemberDirectory(dir).nextGeneration());
        assertEquals(2, new MemberDirectory(dir).nextGeneration());
        assertEquals(3, new MemberDirectory(dir).nextGeneration());
        assertEquals("3", Files.readString(dir.resolve("generation")).trim());
        assertTrue(Files.notExists(dir.resolve("generation.tmp")));
    }

    @Test
    void shouldRoundTripMembersAndRefuseCorruptFiles() throws IOException {
        final MemberDirectory files = new MemberDirectory(dir);
        assertTrue(files.members().isEmpty());
        final Map<Long, InetSocketAddress> members = new LinkedHashMap<>();
        members.put(1L, new InetSocketAddress("127.0.0.1", 5122));
        members.put(3L, new InetSocketAddress("10.0.0.3", 6000));
        files.recordMembers(members);
        assertEquals(members, files.members());

        Files.writeString(dir.resolve("members"), "1 nonsense\n");
        final IOException members2 = assertThrows(IOException.class, files::members);
        assertTrue(members2.getMessage().contains("corrupt members file")
            && members2.getMessage().contains("nonsense"));
        Files.writeString(dir.resolve("generation"), "x\n");
        final IOException generation = assertThrows(IOException.class, files::nextGeneration);
        assertTrue(generation.getMessage().contains("corrupt generation file"), generation.getMessage());
    }

    @Test
    void shouldParseConfiguredAddressesAndNameABadOne() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5122), new InetSocketAddress("n2.internal", 5123)),
            MemberDirectory.parseAddresses(List.of("http://127.0.0.1:5122/", "n2.internal:5123")));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MemberDirectory.parseAddresses(List.of("http://no-port/")));
        assertTrue(e.getMessage().contains("'http://no-port/' needs a host and a port"), e.getMessage());
    }
}
