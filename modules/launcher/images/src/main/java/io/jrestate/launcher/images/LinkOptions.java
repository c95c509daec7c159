package io.jrestate.launcher.images;

/**
 * How images are linked.
 *
 * @param compress jlink's {@code --compress} value, e.g. {@code zip-6} (smaller) or {@code zip-0} (faster start)
 * @param cdsArchive whether jlink generates the image's default CDS archive ({@code --generate-cds-archive})
 * @param aotCache whether a JDK AOT cache is trained for images with roles ({@code lib/<launcher>.aot})
 */
public record LinkOptions(String compress, boolean cdsArchive, boolean aotCache) {
    /** The defaults of the documented build command: compressed, no CDS archive, no AOT cache. */
    public static final LinkOptions DEFAULT = new LinkOptions("zip-6", false, false);
}
