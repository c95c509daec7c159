/**
 * The worker's log record format, generated from {@code src/main/proto/wal.proto}.
 *
 * <p>Every record of a partition's log is one protobuf {@link io.jrestate.worker.internal.wal.Envelope}; the log
 * store frames, checksums and numbers records (LSN), the envelope says who proposed it, when, and what to do:
 *
 * <pre>
 *  Envelope
 *  +----------------+-------------------------------------------------------------+
 *  | 1 source       | ingress{node} | processor{partition, leader epoch} | control |
 *  | 2 dedup        | producer (partition id | name), seq u64   (outbox deliveries)  |
 *  | 3 partition_key| u64, the key the record was routed by                        |
 *  | 4 timestamp_ms | proposer wall clock: the ONLY clock the state machine sees   |
 *  | 5 command      | one of the commands below                                    |
 *  +----------------+-------------------------------------------------------------+
 *
 *  command              proposed by            applied as
 *  -------------------  ---------------------  ---------------------------------------------------
 *  AnnounceLeader       new leader             epoch; restart running attempts, re-arm timers,
 *                                              re-send outbox
 *  Invoke               ingress / outbox       new invocation (id, target, options, input) or
 *                                              join an existing one with the same id
 *  InvokerEffect        leader's invoker       journal entry | suspended | ended | failed | pin
 *                                              (dropped unless attempt == current attempt)
 *  InvocationResponse   callee's partition     result notification in the caller's journal
 *  TimerFired           leader's timer wheel   retry | sleep completion | delayed invoke | cleanup
 *  TruncateOutbox       leader's shuffler      drop delivered outbox entries
 *  NotifySignal         outbox / ingress       signal notification (awakeable, named signal, cancel)
 *                       (awakeables/resolve)
 *  ManageInvocation     admin API (worker's    cancel | kill | purge | pause | resume of one
 *  (field 20)           InvocationControl)     invocation, re-checked against its phase
 *  AttachRequest        caller's partition     AttachInvocation / GetInvocationOutput of an SDK:
 *  (field 21)                                  answer now (404 / result / not ready) or add a sink
 *  ModifyState          admin API (worker's    replace an object's whole state, skipped when its
 *  (field 22)           ObjectStateControl)    expected_version no longer matches
 * </pre>
 *
 * <p>A journal entry is kept as the SDK framed it: {@code JournalEntry{type u16, payload bytes}}, so replays
 * send the SDK exactly the bytes it produced.
 */
package io.jrestate.worker.internal.wal;
