package io.jrestate.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.http.Router;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Services offered to the node's other roles: absent until offered, resolved on each lookup (so an offer made at
 * create time yields the instance started later), a later offer replaces the earlier one, and a lookup of a
 * stopped service reports it.
 */
class SharedServicesTest {
    private static NodeContext context() {
        return new NodeContext(ConfigLoader.load(new ConfigSources(Optional.empty(), Map.of(), List.of(), "host"))
                .config(), Path.of("/tmp/n"), "1.7.12", new Router(), new Router());
    }

    @Test
    void shouldResolveAnOfferedServiceAtLookupTime() {
        final NodeContext context = context();
        assertEquals(Optional.empty(), context.lookup(CharSequence.class));
        final AtomicReference<String> running = new AtomicReference<>();
        context.provide(CharSequence.class, () -> {
            final String value = running.get();
            if (value == null) {
                throw new IllegalStateException("not running");
            }
            return value;
        });
        assertTrue(assertThrows(IllegalStateException.class, () -> context.lookup(CharSequence.class)).getMessage()
                .contains("not running"));
        running.set("store-1");
        assertEquals(Optional.of("store-1"), context.lookup(CharSequence.class));
        context.provide(CharSequence.class, () -> "store-2");
        assertEquals(Optional.of("store-2"), context.lookup(CharSequence.class));
        assertEquals(Optional.empty(), context.lookup(Runnable.class));
    }
}
