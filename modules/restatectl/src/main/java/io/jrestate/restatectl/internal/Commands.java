package io.jrestate.restatectl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands, each over the admin API (endpoints in the module's OVERVIEW.md): {@code status},
 * {@code metadata get}, {@code snapshots create}, {@code version}.
 */
final class Commands {
    private final AdminClient client;
    private final PrintStream out;

    Commands(final AdminClient client, final PrintStream out) {
        this.client = client;
        this.out = out;
    }

    int run(final CliArgs cli) {
        final List<String> words = cli.words();
        final String command = words.getFirst();
        final List<String> rest = words.subList(1, words.size());
        return switch (command) {
            case "status" -> status();
            case "metadata" -> metadata(rest, cli);
            case "snapshots" -> snapshots(rest, cli);
            case "version" -> version();
            case "nodes" -> sub(rest, "list", "'restatectl nodes' requires a subcommand: list")
                ? ClusterCommands.nodesList(expect(client.get("cluster/status"), "GET /cluster/status"), out) : 2;
            case "config" -> sub(rest, "get", "'restatectl config' requires a subcommand: get")
                ? ClusterCommands.configGet(expect(client.get("cluster/config"), "GET /cluster/config"), out) : 2;
            default -> throw new CliArgs.UsageException("unrecognized subcommand '" + command + "'");
        };
    }

    private static boolean sub(final List<String> rest, final String expected, final String usage) {
        if (rest.isEmpty() || !rest.getFirst().equals(expected)) {
            throw new CliArgs.UsageException(usage);
        }
        return true;
    }

    private int status() {
        return ClusterCommands.status(expect(client.get("cluster/status"), "GET /cluster/status"), out);
    }

    private int metadata(final List<String> rest, final CliArgs cli) {
        if (rest.isEmpty() || !rest.getFirst().equals("get")) {
            throw new CliArgs.UsageException("'restatectl metadata' requires a subcommand: get --key <KEY>");
        }
        final String key = cli.value("key");
        if (key == null) {
            throw new CliArgs.UsageException("the following required arguments were not provided:\n  --key <KEY>");
        }
        final AdminClient.Answer answer = client.get("cluster/metadata/"
            + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8));
        if (answer.status() == 404 && answer.body() != null && answer.body().has("message")) {
            out.println("null");
            return 0;
        }
        out.println(PrettyJson.print(expect(answer, "GET /cluster/metadata/" + key).path("value")));
        return 0;
    }

    private int snapshots(final List<String> rest, final CliArgs cli) {
        if (rest.isEmpty() || !(rest.getFirst().equals("create") || rest.getFirst().equals("create-snapshot"))) {
            throw new CliArgs.UsageException("'restatectl snapshots' requires a subcommand: create");
        }
        final ObjectNode request = AdminClient.MAPPER.createObjectNode();
        final ArrayNode ids = request.putArray("partition_ids");
        PartitionIds.parse(rest.subList(1, rest.size())).forEach(ids::add);
        final String minLsn = cli.value("min-lsn");
        if (minLsn != null) {
            request.put("min_lsn", PartitionIds.number(minLsn, "--min-lsn"));
        }
        request.put("trim_log", cli.flag("trim-log"));
        final AdminClient.Answer answer = client.post("snapshots", request);
        if (answer.status() == 404 || answer.status() == 405) {
            throw new AdminClient.CtlException(client.address() + ": this server takes no snapshots on demand"
                + " (POST /snapshots answered " + answer.status() + ")");
        }
        final JsonNode body = expect(answer, "POST /snapshots");
        final List<String> failures = new ArrayList<>();
        for (JsonNode s : body.path("snapshots")) {
            final long partition = s.path("partition_id").asLong();
            out.println("Snapshot created for partition " + partition + ": " + s.path("snapshot_id").asText()
                + " (log " + s.path("log_id").asLong(partition) + " @ LSN >= "
                + s.path("min_applied_lsn").asLong(s.path("applied_lsn").asLong()) + ")");
        }
        for (JsonNode e : body.path("errors")) {
            failures.add("partition " + e.path("partition_id").asText() + ": " + e.path("message").asText());
        }
        if (!failures.isEmpty()) {
            throw new AdminClient.CtlException("snapshots failed for " + String.join("; ", failures));
        }
        return 0;
    }

    private int version() {
        out.println(Restatectl.versionLine());
        final JsonNode body = expect(client.get("version"), "GET /version");
        out.println("restate-server " + body.path("version").asText("unknown") + " at " + client.address());
        return 0;
    }

    private JsonNode expect(final AdminClient.Answer answer, final String what) {
        if (answer.status() / 100 != 2 || answer.body() == null) {
            final String message = answer.body() != null && answer.body().has("message")
                ? answer.body().path("message").asText() : answer.text();
            throw new AdminClient.CtlException(client.address() + ": " + what + " answered " + answer.status()
                + (message == null || message.isBlank() ? "" : ": " + message.strip()));
        }
        return answer.body();
    }
}
