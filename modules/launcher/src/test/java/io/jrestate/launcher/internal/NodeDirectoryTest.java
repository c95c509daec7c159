package io.jrestate.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens node directories in every state of the decision table of {@link NodeDirectory}: fresh, reopened, locked
 * by a holder, another cluster or node, a newer or missing format, and damaged or foreign markers.
 */
class NodeDirectoryTest {
    @TempDir
    Path base;

    private NodeDirectory open(final String cluster, final String node) throws DataDirectoryException {
        return NodeDirectory.open(base.resolve(node), cluster, node, "test-1");
    }

    @Test
    void shouldCreateTheMarkerOnFirstOpenAndAcceptItAfterwards() throws Exception {
        try (NodeDirectory dir = open("c1", "n1")) {
            assertEquals(new ClusterMarker("c1", "n1", NodeDirectory.FORMAT_VERSION, "test-1", "test-1"), dir.marker());
            assertEquals(String.valueOf(ProcessHandle.current().pid()),
                    Files.readString(dir.path().resolve(NodeDirectory.LOCK_FILE)).strip());
        }
        try (NodeDirectory dir = NodeDirectory.open(base.resolve("n1"), "c1", "n1", "test-2")) {
            assertEquals("test-1", dir.marker().createdByVersion());
            assertEquals("test-2", dir.marker().lastWrittenByVersion());
        }
        assertFalse(Files.exists(base.resolve("n1").resolve(NodeDirectory.MARKER_FILE + ".tmp")));
    }

    @Test
    void shouldRefuseASecondOpenWhileLockedNamingTheHolderPid() throws Exception {
        try (NodeDirectory first = open("c1", "n1")) {
            assertTrue(Files.exists(first.path().resolve(NodeDirectory.LOCK_FILE)));
            final DataDirectoryException error = assertThrows(DataDirectoryException.class, () -> open("c1", "n1"));
            assertTrue(error.getMessage().contains("is in use by another restate-server process (pid "
                    + ProcessHandle.current().pid() + ")"), error.getMessage());
        }
        open("c1", "n1").close();
    }

    @Test
    void shouldRefuseAnotherClusterName() throws Exception {
        open("c1", "n1").close();
        final DataDirectoryException error = assertThrows(DataDirectoryException.class, () -> open("c2", "n1"));
        assertTrue(error.getMessage().contains("belongs to cluster 'c1', but this node is configured with "
                + "cluster-name 'c2'"), error.getMessage());
    }

    @Test
    void shouldRefuseADirectoryOfAnotherNode() throws Exception {
        open("c1", "n1").close();
        Files.move(base.resolve("n1"), base.resolve("n2"));
        final DataDirectoryException error = assertThrows(DataDirectoryException.class, () -> open("c1", "n2"));
        assertTrue(error.getMessage().contains("belongs to node 'n1', but this node is configured with node-name "
                + "'n2'"), error.getMessage());
    }

    @Test
    void shouldRefuseANewerFormat() throws Exception {
        writeMarker("{\"cluster_name\":\"c1\",\"node_name\":\"n1\",\"format_version\":99,"
                + "\"last_written_by_version\":\"9.0\"}");
        final DataDirectoryException error = assertThrows(DataDirectoryException.class, () -> open("c1", "n1"));
        assertTrue(error.getMessage().contains("was written by a newer jrestate (on-disk format 99, last written by "
                + "9.0)"), error.getMessage());
    }

    @Test
    void shouldRefuseAReferenceServerMarker() throws Exception {
        writeMarker("{\"cluster_name\":\"c1\",\"cluster_fingerprint\":1,\"max_version\":\"1.7.12\","
                + "\"current_version\":\"1.7.12\",\"is_provisioned\":true}");
        final DataDirectoryException error = assertThrows(DataDirectoryException.class, () -> open("c1", "n1"));
        assertTrue(error.getMessage().contains("this is not a jrestate data directory"), error.getMessage());
    }

    @Test
    void shouldRefuseADamagedMarker() throws Exception {
        writeMarker("{\"cluster_na");
        final DataDirectoryException error = assertThrows(DataDirectoryException.class, () -> open("c1", "n1"));
        assertTrue(error.getMessage().contains("is not valid JSON"), error.getMessage());
    }

    private void writeMarker(final String json) throws IOException {
        Files.createDirectories(base.resolve("n1"));
        Files.writeString(base.resolve("n1").resolve(NodeDirectory.MARKER_FILE), json);
    }
}
