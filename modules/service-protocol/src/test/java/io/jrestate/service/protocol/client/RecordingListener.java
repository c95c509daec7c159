package io.jrestate.service.protocol.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test listener recording every callback as a line, with a blocking poll bounded in time. */
final class RecordingListener implements ResponseListener {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public void onResponseHeaders(final int status, final List<Map.Entry<String, String>> headers) {
        events.add("status " + status);
    }

    @Override
    public void onResponseData(final ByteBuffer chunk) {
        final byte[] b = new byte[chunk.remaining()];
        chunk.get(b);
        events.add(new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public void onResponseEnd() {
        events.add("END");
        done.complete(null);
    }

    @Override
    public void onFailure(final Throwable cause) {
        events.add("FAIL " + cause.getMessage());
        done.complete(null);
    }

    String next() throws InterruptedException {
        final String e = events.poll(30, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 30 s");
        }
        return e;
    }
}
