/**
 * The retained-invocation store: completed invocations kept for their retention on disk, behind an in-heap
 * index of 16 bytes a slot (id hash to position).
 *
 * <pre>
 *  &lt;dir&gt;/bucket-&lt;bucketEndMs&gt;-&lt;segmentId&gt;.seg   rows whose retention ends in that bucket, append-only
 *  &lt;dir&gt;/removals.log                            (id hash u64, position u64) of rows removed one by one
 *  &lt;dir&gt;/checkpoint                              RetainedCheckpoint: applied LSN, segment lengths
 *
 *  segment row:
 *  0        4        8                          32     33
 *  +--------+--------+--------------------------+------+------------------------------+
 *  | len u32| crc u32| invocation id (24 bytes) | kind | RetainedInvocation (protobuf) |
 *  +--------+--------+--------------------------+------+------------------------------+
 *  len = bytes after the crc; crc32c over those bytes; kind 1 = retained row
 *
 *  position (index value) = segment id (u23) &lt;&lt; 40 | offset of the row in its segment (u40)
 * </pre>
 *
 * <p>A lookup hashes the id, visits every index slot with that hash and reads the row to compare the full
 * 24-byte id. A bucket expires whole: its rows leave the index in one pass and its file is deleted (later, if a
 * checkpoint still names it).
 */
package io.jrestate.worker.internal.retained;
