package io.jrestate.node.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A service's part in an online backup of its node. A service that keeps durable state registers one with
 * {@link NodeContext#addBackupParticipant}; the backup coordinator (on the admin port) takes one consistent cut of
 * all of them while the node keeps serving:
 *
 * <pre>
 *   coordinator                     participant A                    participant B
 *   capture(maxHold) ------------&gt;  hold writes, capture cut A
 *   capture(maxHold) -------------------------------------------&gt;  hold writes, capture cut B
 *   (every capture completed: this instant is the cut; all participants are holding)
 *   release() A, B   ------------&gt;  writes continue                 writes continue
 *   read(...) A, B   ------------&gt;  files as of the cut, read while the node serves
 *   close() A, B     ------------&gt;  resources pinned for the copy freed
 * </pre>
 *
 * <p>Contract: from the moment the future of {@link #capture} completes until {@link BackupCut#release()}, the
 * participant acknowledges no write that is not in its cut (it holds writes, or takes none). That makes the instant
 * the last capture completes one cut of the whole node. A participant stops holding on its own after
 * {@code maxHold} and reports it through {@link BackupCut#heldPastLimit()}, which fails the backup: a stuck
 * coordinator never stalls the node for longer.
 */
public interface BackupParticipant {
    /**
     * A short stable name, e.g. {@code worker} or {@code metadata-server}; keys the cut positions in the manifest.
     *
     * @return the name
     */
    String name();

    /**
     * Captures this participant's state and starts holding writes.
     *
     * @param maxHold the longest this participant may hold writes without a release
     * @return the cut; fails when the participant cannot take part (not running, unsupported setup), with a
     *     message that says why and what to do
     */
    CompletableFuture<BackupCut> capture(Duration maxHold);
}
