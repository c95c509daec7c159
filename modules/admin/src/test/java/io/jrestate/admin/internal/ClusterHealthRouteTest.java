package io.jrestate.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.RestateConfig;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /cluster-health} answers like restate-server 1.7.12 for a single node with the default roles: the
 * cluster name and the metadata servers' node ids. Method: mount the route on a router and dispatch to it.
 */
class ClusterHealthRouteTest {
    @Test
    void shouldNameTheClusterAndTheMetadataMembers() throws Exception {
        final RestateConfig config = ConfigLoader.load(ConfigSources.defaultsOnly("test-host")).config();
        final Router router = new Router();
        ClusterHealthRoute.register(router, config);
        for (final String path : List.of("/cluster-health", "/v4/cluster-health")) {
            final HttpResponse response = router.dispatch(new HttpRequest("GET", path, "", List.of(), new byte[0],
                Map.of(), Map.of())).join();
            assertEquals(200, response.status());
            final JsonNode body = AdminJson.MAPPER.readTree(response.body());
            assertEquals("{\"cluster_name\":\"localcluster\",\"metadata_cluster_health\":{\"members\":[1]}}",
                body.toString());
        }
    }
}
