/**
 * Builds role-specific jlink runtime images of restate-server: finds which module provides each role, links one
 * image per role set with exactly the modules those roles need, bakes in the JVM options and the image's role
 * set, and optionally trains a JDK AOT cache. A build tool: nothing here is part of any image.
 */
module io.jrestate.launcher.images {
    exports io.jrestate.launcher.images;
}
