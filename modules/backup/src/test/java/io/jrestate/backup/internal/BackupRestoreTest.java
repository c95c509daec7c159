package io.jrestate.backup.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.backup.BackupManifest;
import io.jrestate.backup.RestoreCommand;
import io.jrestate.backup.RestoreMarker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator and restore end to end on the file system, with fake participants holding random data (seeded;
 * replay with {@code -Dseed=N}): a backup restores byte for byte (zero tails included) into an empty directory,
 * and every check of restore refuses with its exit code and writes nothing: a flipped byte in a data file, a
 * damaged manifest, an incomplete backup, another node-name or cluster-name, a newer on-disk format, a target
 * locked by a server or not empty (unless {@code --replace}). A participant that fails its capture, or stops
 * holding past the limit, fails the backup and leaves every cut released and closed.
 */
class BackupRestoreTest {
    private static final String MARKER = "{\"cluster_name\":\"c1\",\"node_name\":\"n1\",\"format_version\":1}";

    @TempDir
    Path work;
    private Path nodeDir;
    private FakeParticipant worker;
    private FakeParticipant metadata;
    private byte[] segment;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("BackupRestoreTest seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        nodeDir = Files.createDirectories(work.resolve("base/n1"));
        Files.writeString(nodeDir.resolve(BackupWriter.MARKER_FILE), MARKER);
        segment = new byte[3 * 1024 * 1024 + random.nextInt(1000)];
        random.nextBytes(segment);
        final byte[] meta = new byte[1 + random.nextInt(200)];
        random.nextBytes(meta);
        worker = new FakeParticipant("worker").file("worker-log/journal/1.seg", segment, 4096)
                .file("schema-registry.json", "{}".getBytes(StandardCharsets.UTF_8), 0);
        metadata = new FakeParticipant("metadata-server").file("metadata-server/raft-snapshot", meta, 0);
        worker.position = random.nextLong(1, 1_000_000);
    }

    private BackupJob backup(final Path to) {
        final BackupJob job = new BackupJob("backup-1", to);
        new BackupWriter(new BackupWriter.NodeIdentity("1.7.12", "c1", "n1", nodeDir, "cluster-name = \"c1\"\n"),
                List.of(worker, metadata)).run(job, Duration.ofSeconds(5), 0);
        return job;
    }

    private int restore(final Path from, final String base, final String cluster, final String node,
            final boolean replace) {
        return new RestoreCommand(new RestoreCommand.Options(from, work.resolve(base).resolve(node), cluster, node, 1,
                1, replace), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run();
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRestoreEveryFileByteForByte() throws Exception {
        final Path to = work.resolve("backups/b1");
        final BackupJob job = backup(to);
        assertEquals(BackupJob.State.COMPLETED, job.state(), job.error());
        assertFalse(Files.exists(BackupWriter.incompleteDir(to)));
        assertEquals(1, worker.releases.get());
        assertEquals(1, worker.closes.get());
        final BackupManifest manifest = BackupManifest.fromJson(Files.readAllBytes(to.resolve("manifest.json")));
        assertEquals(worker.position, manifest.positions().get("worker").get("position"));
        assertEquals(List.of("c1", "n1", 1), List.of(manifest.clusterName(), manifest.nodeName(),
                manifest.dataFormatVersion()));
        assertEquals("cluster-name = \"c1\"\n", Files.readString(to.resolve("restate.toml")));

        assertEquals(0, restore(to, "restored", "c1", "n1", false), errText());
        final Path restored = work.resolve("restored/n1");
        final byte[] seg = Files.readAllBytes(restored.resolve("worker-log/journal/1.seg"));
        assertEquals(segment.length + 4096, seg.length);
        assertArrayEquals(segment, java.util.Arrays.copyOf(seg, segment.length));
        assertTrue(java.util.Arrays.equals(new byte[4096], java.util.Arrays.copyOfRange(seg, segment.length,
                seg.length)));
        assertEquals(MARKER, Files.readString(restored.resolve(".cluster-marker")));
        assertFalse(Files.exists(restored.resolve(RestoreMarker.FILE_NAME)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("restore completed: 5 files"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldDetectAFlippedByteAndWriteNothing() throws Exception {
        final Path to = work.resolve("b1");
        assertEquals(BackupJob.State.COMPLETED, backup(to).state());
        final Path file = to.resolve("data/worker-log/journal/1.seg");
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        assertEquals(RestoreCommand.EXIT_BAD_BACKUP, restore(to, "restored", "c1", "n1", false));
        assertTrue(errText().contains("backup file data/worker-log/journal/1.seg is damaged"), errText());
        assertFalse(Files.exists(work.resolve("restored/n1")), "a refused restore must not leave a directory");
    }

    @Test
    void shouldRefuseADamagedManifestAndAnIncompleteBackup() throws Exception {
        final Path to = work.resolve("b1");
        assertEquals(BackupJob.State.COMPLETED, backup(to).state());
        final String manifest = Files.readString(to.resolve("manifest.json"));
        Files.writeString(to.resolve("manifest.json"), manifest.replace("\"n1\"", "\"n9\""));
        assertEquals(RestoreCommand.EXIT_BAD_BACKUP, restore(to, "r", "c1", "n1", false));
        assertTrue(errText().contains("its checksum does not match"), errText());

        final Path partial = Files.createDirectories(work.resolve("b2" + BackupManifest.INCOMPLETE_SUFFIX));
        assertEquals(RestoreCommand.EXIT_BAD_BACKUP, restore(work.resolve("b2"), "r", "c1", "n1", false));
        assertEquals(RestoreCommand.EXIT_BAD_BACKUP, restore(partial, "r", "c1", "n1", false));
        assertTrue(errText().contains("is not a complete backup (a backup that did not finish"), errText());
    }

    @Test
    void shouldRefuseAnotherNodeNameClusterNameOrANewerFormat() throws Exception {
        final Path to = work.resolve("b1");
        assertEquals(BackupJob.State.COMPLETED, backup(to).state());
        assertEquals(RestoreCommand.EXIT_INCOMPATIBLE, restore(to, "r", "c1", "n2", false));
        assertTrue(errText().contains("the backup belongs to node 'n1', but the configuration has node-name 'n2'"),
                errText());
        assertEquals(RestoreCommand.EXIT_INCOMPATIBLE, restore(to, "r", "other", "n1", false));
        assertTrue(errText().contains("belongs to cluster 'c1', but the configuration has cluster-name 'other'"),
                errText());

        final BackupManifest m = BackupManifest.fromJson(Files.readAllBytes(to.resolve("manifest.json")));
        Files.write(to.resolve("manifest.json"), new BackupManifest(m.manifestVersion(), "9.9.9", 2,
                m.clusterName(), m.nodeName(), null, m.createdAt(), m.holdMicros(), m.positions(), m.files())
                .toJson());
        assertEquals(RestoreCommand.EXIT_INCOMPATIBLE, restore(to, "r", "c1", "n1", false));
        assertTrue(errText().contains("the backup was written by a newer server (restate 9.9.9, on-disk format 2"),
                errText());
        assertFalse(Files.exists(work.resolve("r")));
    }

    @Test
    void shouldRefuseATargetInUseOrNotEmptyUnlessReplacing() throws Exception {
        final Path to = work.resolve("b1");
        assertEquals(BackupJob.State.COMPLETED, backup(to).state());
        final Path target = Files.createDirectories(work.resolve("t/n1"));
        try (FileChannel lockFile = FileChannel.open(target.resolve("LOCK"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            assertTrue(lock.isValid());
            assertEquals(RestoreCommand.EXIT_TARGET, restore(to, "t", "c1", "n1", false));
            assertTrue(errText().contains("is in use by a running restate-server"), errText());
        }
        Files.writeString(target.resolve("stale.seg"), "old");
        assertEquals(RestoreCommand.EXIT_TARGET, restore(to, "t", "c1", "n1", false));
        assertTrue(errText().contains("is not empty (it holds [stale.seg])"), errText());
        assertEquals(0, restore(to, "t", "c1", "n1", true), errText());
        assertFalse(Files.exists(target.resolve("stale.seg")));
        assertArrayEquals(Files.readAllBytes(to.resolve("data/metadata-server/raft-snapshot")),
                Files.readAllBytes(target.resolve("metadata-server/raft-snapshot")));
    }

    @Test
    void shouldFailAndReleaseEveryCutWhenAParticipantCannotTakePart() throws Exception {
        metadata.failWith = "a replicated metadata store cannot be backed up per node";
        final BackupJob failed = backup(work.resolve("b1"));
        assertEquals(BackupJob.State.FAILED, failed.state());
        assertTrue(failed.error().contains("participant metadata-server cannot take part in the backup: a "
                + "replicated metadata store"), failed.error());
        assertEquals(1, worker.closes.get(), "the worker's cut must be closed (released)");
        assertFalse(Files.exists(work.resolve("b1")));
        assertFalse(Files.exists(BackupWriter.incompleteDir(work.resolve("b1"))), "a failed backup cleans up");

        metadata.failWith = null;
        worker.heldPastLimit = true;
        final BackupJob held = backup(work.resolve("b2"));
        assertEquals(BackupJob.State.FAILED, held.state());
        assertTrue(held.error().contains("participant worker stopped holding writes"), held.error());
        assertEquals(2, worker.closes.get());
        assertEquals(1, metadata.closes.get());
        assertEquals(0L, held.status().get("files_total"), "no file may be copied from an inconsistent cut");
    }

    @Test
    void shouldRefuseAnExistingTargetOrLeftoverIncompleteDirectory() throws Exception {
        final Path to = work.resolve("b1");
        Files.createDirectories(BackupWriter.incompleteDir(to));
        final BackupJob job = backup(to);
        assertEquals(BackupJob.State.FAILED, job.state());
        assertTrue(job.error().contains("b1.incomplete already exists"), job.error());
    }
}
