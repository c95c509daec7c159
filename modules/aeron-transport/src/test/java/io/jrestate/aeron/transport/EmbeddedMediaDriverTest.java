package io.jrestate.aeron.transport;

import io.aeron.Publication;
import io.aeron.Subscription;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the embedded media driver on its own: two drivers in one JVM exchange a UDP message over loopback, each
 * driver lives in its own directory that is removed on close, and the shared-memory footprint of a driver stays
 * small (the point of the small-machine sizing).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedMediaDriverTest {
    @Test
    void shouldCarryAUdpMessageBetweenTwoDriversOnLoopback() throws Exception {
        final int portB = TestNodes.freeUdpPort();
        final TransportOptions a = TestNodes.options(1, 1, TestNodes.freeUdpPort());
        final TransportOptions b = TestNodes.options(2, 1, portB);
        try (EmbeddedMediaDriver driverA = EmbeddedMediaDriver.launch(a);
             EmbeddedMediaDriver driverB = EmbeddedMediaDriver.launch(b)) {
            final String channel = "aeron:udp?endpoint=127.0.0.1:" + portB;
            final Subscription sub = driverB.aeron().addSubscription(channel, 7);
            final Publication pub = driverA.aeron().addPublication(channel, 7);
            final Agent dutyA = driverA.dutyCycle();
            final Agent dutyB = driverB.dutyCycle();
            final byte[] bytes = "hello over udp".getBytes(StandardCharsets.UTF_8);
            final UnsafeBuffer msg = new UnsafeBuffer(bytes);
            final AtomicReference<String> received = new AtomicReference<>();
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean sent = false;
            while (received.get() == null && System.nanoTime() < deadlineNs) {
                if (!sent) {
                    sent = pub.offer(msg) > 0;
                }
                sub.poll((buf, off, len, hdr) -> received.set(buf.getStringWithoutLengthUtf8(off, len)), 10);
                // INVOKER mode: the drivers and client conductors only move when their duty cycles run.
                if (dutyA.doWork() + dutyB.doWork() == 0) {
                    TestNodes.pause();
                }
            }
            assertEquals("hello over udp", received.get());
        }
    }

    @Test
    void shouldKeepItsSharedMemoryFootprintSmallAndRemoveItsDirectoryOnClose() throws IOException {
        final TransportOptions options = TestNodes.options(1, 1, TestNodes.freeUdpPort());
        final Path dir = options.aeronDirectory();
        try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(options)) {
            assertTrue(Files.isDirectory(dir), "driver directory " + dir + " exists while running");
            final long apparentBytes = directoryBytes(dir);
            final long allocatedBytes = allocatedBytes(dir);
            System.out.println("driver files: " + apparentBytes + " bytes apparent, " + allocatedBytes + " allocated");
            assertTrue(allocatedBytes < 16L * 1024 * 1024,
                "driver files hold " + allocatedBytes + " bytes of shared memory, expected under 16 MiB");
            assertEquals(dir.toAbsolutePath().toString(), driver.directory());
        }
        assertFalse(Files.exists(dir), "driver directory " + dir + " is removed on close");
    }

    @Test
    void shouldRefuseAWildcardAdvertisedAddress() {
        final NodeIdentity id = new NodeIdentity("c", 1, new GenerationalNodeId(1, 1));
        final InetSocketAddress any = new InetSocketAddress("0.0.0.0", 5122);
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> TransportOptions.defaults(id, any, any, Path.of("/tmp/x")));
        assertTrue(e.getMessage().contains("advertised address"), e.getMessage());
    }

    // The files are sparse: what costs RAM on tmpfs is the allocated blocks, which only du reports.
    private static long allocatedBytes(final Path dir) throws IOException {
        final Process du = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
        try {
            final String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, du.waitFor(), "du failed: " + out);
            return Long.parseLong(out.split("\\s+")[0]) * 1024;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for du", e);
        }
    }

    private static long directoryBytes(final Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
