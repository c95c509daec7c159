package io.jrestate.worker.internal.schema;

import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;

/**
 * What the worker needs to know about one handler.
 *
 * @param name the handler name
 * @param type exclusive, shared or workflow run; unspecified for services
 * @param options retry policy, lazy state and retentions, already merged with service and server defaults
 * @param inputContentType the accepted request content type (wildcards allowed), null when no body is expected
 * @param inputRequired whether an empty body is refused
 * @param outputContentType the content type of responses
 * @param setContentTypeIfEmpty whether an empty response still carries the content type
 */
public record HandlerInfo(String name, HandlerType type, InvocationOptions options, String inputContentType,
        boolean inputRequired, String outputContentType, boolean setContentTypeIfEmpty) {
}
