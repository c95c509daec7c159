package io.jrestate.backup;

/**
 * The file a restore keeps in the node directory while it writes: {@code <node-dir>/.restore-incomplete}. A server
 * must refuse to start on a directory that holds it (the launcher does), because the data in it is partial.
 */
public final class RestoreMarker {
    /** The marker's file name. */
    public static final String FILE_NAME = ".restore-incomplete";

    private RestoreMarker() {
    }
}
