package io.jrestate.backup.internal.node;

import io.jrestate.backup.internal.BackupApi;
import io.jrestate.backup.internal.BackupWriter;
import io.jrestate.config.Role;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import java.time.Duration;

/**
 * Runs the backup coordinator with the {@code admin} role: mounts {@code /backups} on the admin router. Each backup
 * takes the participants registered on the node at that moment (services register when they start).
 */
public final class BackupServiceFactory implements NodeServiceFactory {
    /** Used by {@link java.util.ServiceLoader}. */
    public BackupServiceFactory() {
    }

    @Override
    public Role role() {
        return Role.ADMIN;
    }

    @Override
    public int startRank() {
        return 200;
    }

    @Override
    public NodeService create(final NodeContext context) {
        final BackupApi api = new BackupApi(() -> new BackupWriter(new BackupWriter.NodeIdentity(
                context.serverVersion(), context.config().common().clusterName(),
                context.config().common().nodeName(), context.nodeDir(), context.effectiveConfigToml()),
                context.backupParticipants()));
        api.register(context.adminRouter());
        return new NodeService() {
            @Override
            public String name() {
                return "backup-coordinator";
            }

            @Override
            public void start() {
                // The routes are mounted; backups run on their own thread when asked for.
            }

            @Override
            public void stop(final Duration timeout) throws InterruptedException {
                api.stop(timeout);
            }
        };
    }
}
