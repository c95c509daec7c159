package io.jrestate.launcher.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Role discovery and image planning on the server's real module path plus a fixture role module compiled at test
 * time (standing for a role module that lands later): the builder must find every module that declares a
 * {@code NodeServiceFactory} with the role its factory reports, put exactly the providers of an image's roles into
 * that image, bake in only the JVM options of modules the image holds, and refuse unknown roles and unpatched
 * automatic modules with messages that name them.
 */
class ImagePlanTest {
    private static final String MAIN = "io.jrestate.launcher/io.jrestate.launcher.Main";

    @TempDir
    static Path scratch;

    private static ServerModulePath path;
    private static RoleProviders providers;
    private static List<JvmOption> options;

    @BeforeAll
    static void discover() throws Exception {
        final ServerModulePath server = BuildInputs.serverModulePath();
        path = FixtureRoleModule.withFixture(server, FixtureRoleModule.build(scratch, server));
        providers = RoleProviders.discover(path);
        options = ImageTable.read(BuildInputs.table()).options();
    }

    private static ImagePlan plan(final String roles) {
        final ImageTable table = ImageTable.parse("test", List.of("image x restate-server " + MAIN + " " + roles));
        return ImagePlan.of(table.images().getFirst(), options, providers, path);
    }

    @Test
    void shouldKnowEveryRoleOfTheServer() {
        assertEquals(List.of("http-ingress", "admin", "worker", "log-server", "metadata-server"),
                providers.knownRoles());
    }

    @Test
    void shouldFindExactlyTheModulesThatDeclareARoleFactory() {
        final SortedSet<String> declared = path.finder().findAll().stream().map(ref -> ref.descriptor())
                .filter(d -> d.provides().stream().anyMatch(p -> p.service().equals(RoleProviders.FACTORY_SERVICE)))
                .map(ModuleDescriptor::name).collect(Collectors.toCollection(TreeSet::new));
        final SortedSet<String> found = providers.modulesByRole().values().stream().flatMap(Set::stream)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declared, found);
        assertTrue(providers.modulesOf(FixtureRoleModule.ROLE).contains(FixtureRoleModule.MODULE),
                providers.modulesByRole().toString());
        System.out.println("role modules on the server's module path: " + providers.modulesByRole());
    }

    @Test
    void shouldPutARoleModuleOnlyIntoImagesWithItsRole() {
        final ImagePlan logServer = plan("log-server");
        final SortedSet<String> expectedRoots = new TreeSet<>(providers.modulesOf("log-server"));
        expectedRoots.add("io.jrestate.launcher");
        assertEquals(expectedRoots, logServer.roots());
        assertTrue(logServer.modules().containsAll(Set.of(FixtureRoleModule.MODULE, "io.jrestate.launcher",
                "io.jrestate.node.api", "java.base")), logServer.modules().toString());
        assertFalse(plan("metadata-server").modules().contains(FixtureRoleModule.MODULE));
        final ImagePlan all = plan("*");
        assertEquals(providers.knownRoles(), all.roles());
        assertTrue(all.roots().contains(FixtureRoleModule.MODULE));
        for (final String role : all.roles()) {
            assertTrue(all.roots().containsAll(providers.modulesOf(role)), role);
            assertEquals(providers.modulesOf(role).isEmpty(), all.rolesWithoutModule().contains(role), role);
        }
    }

    @Test
    void shouldBakeInTheRolesAndOnlyTheOptionsOfModulesTheImageHolds() {
        final ImagePlan plan = plan("metadata-server");
        assertTrue(plan.jvmOptions().contains("-Djrestate.image.roles=metadata-server"), plan.jvmOptions()::toString);
        assertEquals(plan.modules().contains("org.agrona"),
                plan.jvmOptions().contains("--add-exports=java.base/jdk.internal.misc=org.agrona"));
        assertEquals(plan.modules().contains("io.netty.common"),
                plan.jvmOptions().contains("--sun-misc-unsafe-memory-access=allow"));
    }

    @Test
    void shouldPlanAToolImageWithoutRoleModulesOrTheRolesOption() {
        final ImagePlan tool = plan("-");
        assertEquals(Set.of("io.jrestate.launcher"), tool.roots());
        assertTrue(tool.jvmOptions().stream().noneMatch(option -> option.contains("jrestate.image.roles")),
                tool.jvmOptions()::toString);
        final String script = ImageLinker.launcherScript(tool);
        assertTrue(script.contains("(roles: none)"), script);
        assertTrue(script.contains("exec \"$dir/java\" ${JAVA_OPTS:-} -m " + MAIN + " \"$@\""), script);
    }

    @Test
    void shouldRefuseARoleTheServerDoesNotKnow() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan("worker,loger"));
        assertEquals("image x: unknown role `loger`; the server's roles are "
                + "[http-ingress, admin, worker, log-server, metadata-server]", e.getMessage());
    }

    @Test
    void shouldRefuseAnAutomaticModuleWithoutADescriptor() throws IOException {
        final Path automatic = Stream.of(Files.readString(BuildInputs.path("images.modulePathFile")).strip()
                .split(File.pathSeparator)).map(Path::of)
                .filter(entry -> entry.getFileName().toString().startsWith("agrona-")).findFirst().orElseThrow();
        final Path file = Files.writeString(scratch.resolve("path.txt"), automatic.toString());
        final Path emptyPatched = Files.createDirectories(scratch.resolve("no-patches"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerModulePath.load(file, emptyPatched));
        assertTrue(e.getMessage().startsWith("automatic module org.agrona (" + automatic + ") has no descriptor"),
                e.getMessage());
    }
}
