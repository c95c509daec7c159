package io.jrestate.metadata.raft.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.EntryType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the file-based Raft log: round trips through close and reopen, suffix truncation, prefix trimming and
 * reset, and the recovery decision table: a torn tail is cut at every byte offset of the last record, while a
 * corrupt record followed by a valid one is refused instead of truncating synced entries.
 */
class FileRaftLogStorageTest {
    @TempDir
    Path dir;

    private static List<Entry> entries(final long from, final long to, final long term) {
        final List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(new Entry(i, term, EntryType.NORMAL, ("entry-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private List<Entry> reopenAndReadAll() throws IOException {
        try (FileRaftLogStorage log = FileRaftLogStorage.open(dir)) {
            return log.read(log.firstIndex(), log.lastIndex());
        }
    }

    @Test
    void shouldReadBackSyncedEntriesAfterReopening() throws IOException {
        try (FileRaftLogStorage log = FileRaftLogStorage.open(dir)) {
            log.reset(1);
            log.append(entries(2, 6, 1));
            log.sync();
        }
        assertEquals(entries(2, 6, 1), reopenAndReadAll());
    }

    @Test
    void shouldTruncateASuffixAndAppendNewEntries() throws IOException {
        try (FileRaftLogStorage log = FileRaftLogStorage.open(dir)) {
            log.append(entries(1, 5, 1));
            log.truncateAfter(3);
            log.append(entries(4, 4, 2));
            log.sync();
        }
        final List<Entry> expected = new ArrayList<>(entries(1, 3, 1));
        expected.addAll(entries(4, 4, 2));
        assertEquals(expected, reopenAndReadAll());
    }

    @Test
    void shouldTrimAPrefixAndResetToASnapshotIndex() throws IOException {
        try (FileRaftLogStorage log = FileRaftLogStorage.open(dir)) {
            log.append(entries(1, 10, 1));
            log.sync();
            log.trimPrefix(6);
            assertEquals(7, log.firstIndex());
        }
        assertEquals(entries(7, 10, 1), reopenAndReadAll());
        try (FileRaftLogStorage log = FileRaftLogStorage.open(dir)) {
            log.reset(50);
            assertEquals(51, log.firstIndex());
            assertEquals(50, log.lastIndex());
            log.append(entries(51, 52, 3));
            log.sync();
        }
        assertEquals(entries(51, 52, 3), reopenAndReadAll());
    }

    @Test
    void shouldCutATornTailAtEveryByteOffsetOfTheLastRecord() throws IOException {
        try (FileRaftLogStorage log = FileRaftLogStorage.open(dir)) {
            log.append(entries(1, 4, 1));
            log.sync();
        }
        final Path file = dir.resolve(FileRaftLogStorage.FILE_NAME);
        final byte[] full = Files.readAllBytes(file);
        final int lastRecordLength = 8 + 17 + "entry-4".length();
        for (int cut = full.length - lastRecordLength; cut < full.length; cut++) {
            final byte[] torn = new byte[cut];
            System.arraycopy(full, 0, torn, 0, cut);
            Files.write(file, torn);
            assertEquals(entries(1, 3, 1), reopenAndReadAll(), "torn at byte " + cut);
            assertEquals(full.length - lastRecordLength, Files.size(file), "the tail is cut at the record start");
        }
    }

    @Test
    void shouldRefuseACorruptRecordFollowedByValidOnes() throws IOException {
        try (FileRaftLogStorage log = FileRaftLogStorage.open(dir)) {
            log.append(entries(1, 4, 1));
            log.sync();
        }
        final Path file = dir.resolve(FileRaftLogStorage.FILE_NAME);
        final byte[] bytes = Files.readAllBytes(file);
        final int secondRecordData = 20 + (8 + 17 + "entry-1".length()) + 8 + 17;
        bytes[secondRecordData] ^= 0x01;
        Files.write(file, bytes);
        final IOException e = assertThrows(IOException.class, () -> FileRaftLogStorage.open(dir));
        assertTrue(e.getMessage().contains("index 2"), e.getMessage());
        assertEquals(bytes.length, Files.size(file), "nothing is truncated");
    }

    @Test
    void shouldRefuseAFileWithACorruptHeader() throws IOException {
        FileRaftLogStorage.open(dir).close();
        final Path file = dir.resolve(FileRaftLogStorage.FILE_NAME);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[9] ^= 0x10;
        Files.write(file, bytes);
        final IOException e = assertThrows(IOException.class, () -> FileRaftLogStorage.open(dir));
        assertTrue(e.getMessage().contains(FileRaftLogStorage.FILE_NAME), e.getMessage());
    }
}
