package io.jrestate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.config.Role;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks how a runtime image's role set (the {@code jrestate.image.roles} property that jlink bakes into an image)
 * limits which roles a node may ask for, and that the error names both the missing roles and the image's roles.
 */
class ServiceCatalogTest {
    @Test
    void shouldMakeEveryRoleAvailableWithoutAnImageRoleList() {
        assertEquals(EnumSet.allOf(Role.class), ServiceCatalog.imageRoles(null));
        assertEquals(EnumSet.allOf(Role.class), ServiceCatalog.imageRoles(" "));
    }

    @Test
    void shouldParseTheImageRoleList() {
        assertEquals(EnumSet.of(Role.METADATA_SERVER, Role.ADMIN),
                ServiceCatalog.imageRoles("metadata-server, admin"));
    }

    @Test
    void shouldRefuseRolesTheImageLacksNamingBoth() {
        final ServiceCatalog catalog = new ServiceCatalog(Map.of(), EnumSet.of(Role.METADATA_SERVER));
        catalog.requireAvailable(Set.of(Role.METADATA_SERVER));
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> catalog.requireAvailable(EnumSet.of(Role.METADATA_SERVER, Role.WORKER)));
        assertTrue(error.getMessage().contains("[worker]"), error.getMessage());
        assertTrue(error.getMessage().contains("[metadata-server]"), error.getMessage());
    }

    @Test
    void shouldRejectUnknownRoleNamesInTheImageList() {
        assertThrows(IllegalArgumentException.class, () -> ServiceCatalog.imageRoles("worker,bogus"));
    }
}
