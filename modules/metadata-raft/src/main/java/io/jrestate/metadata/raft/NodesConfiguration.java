package io.jrestate.metadata.raft;

import io.jrestate.common.Verify;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's membership as stored under the metadata key {@value #KEY} (the reference's key name): the cluster
 * name and, per node, its plain id, generation (bumped on every start), name, advertised address and roles.
 * Encoding (big-endian, strings as {@link DataOutputStream#writeUTF}), content type {@value #CONTENT_TYPE}:
 *
 * <pre>
 *   +--------+----------+--------------+-------------+----------------------------------------------------+
 *   | "JNC1" | format u8| cluster utf  | count u32   | count x node                                       |
 *   +--------+----------+--------------+-------------+----------------------------------------------------+
 *   node: | id u32 | generation u32 | name utf | address utf | role count u16 | roles utf... |
 * </pre>
 *
 * @param clusterName the cluster's name
 * @param nodes the nodes, in id order
 */
public record NodesConfiguration(String clusterName, List<Node> nodes) {
    /** The metadata key. */
    public static final String KEY = "nodes_config";
    /** The content type of the stored value. */
    public static final String CONTENT_TYPE = "application/x-jrestate-nodes-config";
    private static final int MAGIC = 0x4A4E4331;
    private static final int FORMAT = 1;

    /**
     * One node.
     *
     * @param id the plain node id (1, 2, ...)
     * @param generation incremented each time the node starts
     * @param name the node name ({@code node-name})
     * @param address the advertised node (fabric) address
     * @param roles the roles' configuration names
     */
    public record Node(int id, int generation, String name, String address, List<String> roles) {
        /** Checks and copies. */
        public Node {
            Verify.argument(id >= 1 && generation >= 1, "node id and generation must be >= 1: N" + id + ":"
                + generation);
            Verify.argument(name != null && address != null && roles != null, "node fields must not be null");
            roles = List.copyOf(roles);
        }
    }

    /** Checks and copies. */
    public NodesConfiguration {
        Verify.argument(clusterName != null && nodes != null, "clusterName and nodes must not be null");
        nodes = List.copyOf(nodes);
    }

    /**
     * The node with a name.
     *
     * @param name the node name
     * @return the node, or empty
     */
    public Optional<Node> byName(final String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** @return the encoding drawn in the class javadoc */
    public byte[] encode() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT);
            out.writeUTF(clusterName);
            out.writeInt(nodes.size());
            for (final Node node : nodes) {
                out.writeInt(node.id());
                out.writeInt(node.generation());
                out.writeUTF(node.name());
                out.writeUTF(node.address());
                out.writeShort(node.roles().size());
                for (final String role : node.roles()) {
                    out.writeUTF(role);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a stored value.
     *
     * @param value the bytes
     * @return the configuration
     * @throws IllegalArgumentException naming the key when the bytes are not a nodes configuration of this format
     */
    public static NodesConfiguration decode(final byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            final int magic = in.readInt();
            final int format = in.readUnsignedByte();
            Verify.argument(magic == MAGIC && format == FORMAT, "metadata key '" + KEY + "' holds no nodes"
                + " configuration of format " + FORMAT + " (magic " + Integer.toHexString(magic) + ", format "
                + format + ")");
            final String cluster = in.readUTF();
            final int count = in.readInt();
            Verify.argument(count >= 0 && count <= value.length, "metadata key '" + KEY + "': bad node count "
                + count);
            final List<Node> nodes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                final int id = in.readInt();
                final int generation = in.readInt();
                final String name = in.readUTF();
                final String address = in.readUTF();
                final int roleCount = in.readUnsignedShort();
                final List<String> roles = new ArrayList<>(roleCount);
                for (int r = 0; r < roleCount; r++) {
                    roles.add(in.readUTF());
                }
                nodes.add(new Node(id, generation, name, address, roles));
            }
            Verify.argument(in.available() == 0, "metadata key '" + KEY + "': " + in.available()
                + " trailing bytes");
            return new NodesConfiguration(cluster, nodes);
        } catch (final IOException e) {
            throw new IllegalArgumentException("metadata key '" + KEY + "' is truncated: " + e.getMessage(), e);
        }
    }
}
