package io.jrestate.launcher.images;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * A role module written for the tests, standing for a role module another engineer adds later: module
 * {@value #MODULE} provides {@code NodeServiceFactory} for {@code log-server} and mounts {@code GET }
 * {@value #ROUTE} on the admin router, answering 200. It is compiled and jarred at test time (javac and jar
 * through {@link ToolProvider}) against the server's real modules, so the image builder sees it exactly as it
 * would see a real role module.
 */
final class FixtureRoleModule {
    static final String MODULE = "fixture.logserver";
    static final String ROLE = "log-server";
    static final String ROUTE = "/fixture-log-server";

    private FixtureRoleModule() {
    }

    /**
     * Compiles the fixture module into a jar.
     *
     * @param dir a scratch folder
     * @param serverPath the server's module path (node-api, config, http, ...)
     * @return the jar
     */
    static Path build(final Path dir, final ServerModulePath serverPath) throws IOException {
        final Path src = dir.resolve("src");
        final Path pkg = src.resolve("fixture/logserver");
        Files.createDirectories(pkg);
        Files.writeString(src.resolve("module-info.java"), """
                module fixture.logserver {
                    requires io.jrestate.node.api;
                    provides io.jrestate.node.api.NodeServiceFactory with fixture.logserver.LogServerFactory;
                }
                """);
        Files.writeString(pkg.resolve("LogServerFactory.java"), """
                package fixture.logserver;

                import io.jrestate.config.Role;
                import io.jrestate.http.HttpResponse;
                import io.jrestate.node.api.NodeContext;
                import io.jrestate.node.api.NodeService;
                import io.jrestate.node.api.NodeServiceFactory;
                import java.time.Duration;
                import java.util.concurrent.CompletableFuture;

                public final class LogServerFactory implements NodeServiceFactory {
                    @Override
                    public Role role() {
                        return Role.LOG_SERVER;
                    }

                    @Override
                    public NodeService create(final NodeContext context) {
                        context.adminRouter().route("GET", "%s", request ->
                                CompletableFuture.completedFuture(HttpResponse.text(200, "fixture log-server")));
                        return new NodeService() {
                            @Override
                            public String name() {
                                return "fixture-log-server";
                            }

                            @Override
                            public void start() {
                            }

                            @Override
                            public void stop(final Duration timeout) {
                            }
                        };
                    }
                }
                """.formatted(ROUTE));
        final Path classes = dir.resolve("classes");
        run("javac", "--release", "25", "--module-path", serverPath.joined(), "-d", classes.toString(),
                src.resolve("module-info.java").toString(), pkg.resolve("LogServerFactory.java").toString());
        final Path jar = dir.resolve(MODULE + ".jar");
        run("jar", "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
        return jar;
    }

    /**
     * The server's module path with the fixture jar added.
     *
     * @param serverPath the server's module path
     * @param jar the fixture jar
     * @return the combined path
     */
    static ServerModulePath withFixture(final ServerModulePath serverPath, final Path jar) {
        final List<Path> entries = new ArrayList<>(serverPath.entries());
        entries.add(jar);
        return new ServerModulePath(entries);
    }

    private static void run(final String tool, final String... args) {
        final StringWriter output = new StringWriter();
        final int code;
        try (PrintWriter out = new PrintWriter(output)) {
            code = ToolProvider.findFirst(tool).orElseThrow().run(out, out, args);
        }
        if (code != 0) {
            throw new IllegalStateException(tool + " failed (" + code + "):\n" + output);
        }
    }
}
