package io.jrestate.metadata.raft.internal.client;

import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataOutcomeUnknownException;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataUnavailableException;
import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.PreconditionFailedException;
import io.jrestate.metadata.raft.VersionedValue;
import io.jrestate.metadata.raft.internal.node.MetadataRequest;
import io.jrestate.metadata.raft.internal.node.MetadataResponse;
import io.jrestate.metadata.raft.internal.store.MetadataCommand;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link MetadataStore} client: sends each request to the member it believes leads, follows "not leader"
 * hints, retries requests that had no effect with exponential backoff, and turns the last reason into a clear
 * error once {@link MetadataClientOptions#attemptsMax()} attempts failed.
 *
 * <pre>
 *   attempt --Ok/PreconditionFailed/OutcomeUnknown--> done
 *      |--NotLeader(hint)/Busy/member unreachable--> backoff, next member (the hint if known) --> attempt
 *      |--no answer within requestTimeout--> read: retry like above; write: outcome unknown (it may apply)
 * </pre>
 *
 * Futures complete on the client's single scheduler thread; callers must not block in their continuations.
 */
public final class RaftMetadataStoreClient implements MetadataStore {
    private final List<MetadataMember> members;
    private final MetadataClientOptions options;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;
    private volatile int preferred;

    /**
     * Creates a client.
     *
     * @param members the reachable members (at least one)
     * @param options timeouts and backoff
     */
    public RaftMetadataStoreClient(final List<MetadataMember> members, final MetadataClientOptions options) {
        Verify.argument(!members.isEmpty(), "[metadata-client] addresses: at least one metadata server is needed");
        this.members = List.copyOf(members);
        this.options = options;
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r ->
            Thread.ofPlatform().name("metadata-client").daemon(true).unstarted(r));
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    @Override
    public CompletableFuture<Optional<VersionedValue>> get(final String key) {
        return call(new MetadataRequest.Get(key)).thenApply(ok -> Optional.ofNullable(ok.value()));
    }

    @Override
    public CompletableFuture<Optional<Long>> getVersion(final String key) {
        return call(new MetadataRequest.GetVersion(key))
            .thenApply(ok -> ok.version() == 0 ? Optional.empty() : Optional.of(ok.version()));
    }

    @Override
    public CompletableFuture<Long> put(final String key, final byte[] value, final String contentType,
                                       final Precondition precondition) {
        if (value.length > MetadataCommand.VALUE_LENGTH_MAX_BYTES) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("metadata value of key '" + key
                + "' is " + value.length + " bytes, more than the limit of " + MetadataCommand.VALUE_LENGTH_MAX_BYTES));
        }
        return call(new MetadataRequest.Put(key, precondition, contentType, value))
            .thenApply(MetadataResponse.Ok::version);
    }

    @Override
    public CompletableFuture<Void> delete(final String key, final Precondition precondition) {
        return call(new MetadataRequest.Delete(key, precondition)).thenApply(ok -> null);
    }

    private CompletableFuture<MetadataResponse.Ok> call(final MetadataRequest request) {
        Verify.argument(request.key() != null && !request.key().isEmpty(), "metadata key must not be empty");
        final CompletableFuture<MetadataResponse.Ok> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new MetadataUnavailableException("metadata client is closed"));
            return result;
        }
        scheduler.execute(() -> attempt(request, result, 1, preferred, System.nanoTime()));
        return result;
    }

    private void attempt(final MetadataRequest request, final CompletableFuture<MetadataResponse.Ok> result,
                         final int attempt, final int memberIndex, final long startNs) {
        if (closed) {
            result.completeExceptionally(new MetadataUnavailableException("metadata client closed during "
                + describe(request)));
            return;
        }
        final MetadataMember member = members.get(memberIndex);
        final CompletableFuture<MetadataResponse> answer;
        try {
            answer = member.submit(request);
        } catch (final RuntimeException e) {
            retry(request, result, attempt, memberIndex, startNs, "member " + member.nodeId() + " failed: " + e, 0);
            return;
        }
        answer.orTimeout(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS).whenCompleteAsync(
            (response, error) -> onAnswer(request, result, attempt, memberIndex, startNs, response, error),
            scheduler);
    }

    private void onAnswer(final MetadataRequest request, final CompletableFuture<MetadataResponse.Ok> result,
                          final int attempt, final int memberIndex, final long startNs,
                          final MetadataResponse response, final Throwable error) {
        final long memberId = members.get(memberIndex).nodeId();
        if (error != null) {
            final boolean timedOut = error instanceof TimeoutException || error.getCause() instanceof TimeoutException;
            if (timedOut && isWrite(request)) {
                result.completeExceptionally(new MetadataOutcomeUnknownException(describe(request)
                    + ": no answer from metadata server " + memberId + " within " + options.requestTimeout()
                    + "; the write may or may not have been applied"));
                return;
            }
            retry(request, result, attempt, memberIndex, startNs, "metadata server " + memberId + ": "
                + (timedOut ? "no answer within " + options.requestTimeout() : error.toString()), 0);
            return;
        }
        switch (response) {
            case MetadataResponse.Ok ok -> {
                preferred = memberIndex;
                result.complete(ok);
            }
            case MetadataResponse.PreconditionFailed pf -> result.completeExceptionally(
                new PreconditionFailedException(request.key(), precondition(request), pf.currentVersion()));
            case MetadataResponse.OutcomeUnknown unknown -> result.completeExceptionally(
                new MetadataOutcomeUnknownException(describe(request) + ": " + unknown.reason()
                    + "; the write may or may not have been applied"));
            case MetadataResponse.NotLeader notLeader -> retry(request, result, attempt, memberIndex, startNs,
                "metadata server " + memberId + " is not leader (known leader: "
                    + (notLeader.leaderHint() == 0 ? "none" : notLeader.leaderHint()) + ")", notLeader.leaderHint());
            case MetadataResponse.Busy busy -> retry(request, result, attempt, memberIndex, startNs, busy.reason(), 0);
        }
    }

    private void retry(final MetadataRequest request, final CompletableFuture<MetadataResponse.Ok> result,
                       final int attempt, final int memberIndex, final long startNs, final String reason,
                       final long leaderHint) {
        if (attempt >= options.attemptsMax()) {
            final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            result.completeExceptionally(new MetadataUnavailableException(describe(request)
                + ": no metadata server leader with a quorum answered after " + attempt + " attempts in "
                + elapsedMs + " ms (members " + members.stream().map(MetadataMember::nodeId).toList()
                + "); last: " + reason));
            return;
        }
        int next = (memberIndex + 1) % members.size();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).nodeId() == leaderHint) {
                next = i;
            }
        }
        final int target = next;
        scheduler.schedule(() -> attempt(request, result, attempt + 1, target, startNs),
            options.backoff(attempt).toNanos(), TimeUnit.NANOSECONDS);
    }

    private static boolean isWrite(final MetadataRequest request) {
        return request instanceof MetadataRequest.Put || request instanceof MetadataRequest.Delete;
    }

    private static Precondition precondition(final MetadataRequest request) {
        return switch (request) {
            case MetadataRequest.Put put -> put.precondition();
            case MetadataRequest.Delete delete -> delete.precondition();
            default -> Precondition.none();
        };
    }

    private static String describe(final MetadataRequest request) {
        final String op = switch (request) {
            case MetadataRequest.Get g -> "get";
            case MetadataRequest.GetVersion g -> "get-version";
            case MetadataRequest.Put p -> "put";
            case MetadataRequest.Delete d -> "delete";
        };
        return op + " of metadata key '" + request.key() + "'";
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(1, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (final InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
