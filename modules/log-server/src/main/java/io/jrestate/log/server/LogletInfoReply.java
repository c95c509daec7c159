package io.jrestate.log.server;

/**
 * The answer to {@code GetLogletInfo}.
 *
 * @param tail status, tails and the sealed flag
 * @param trimPointOffset every offset up to this one (inclusive) is trimmed; 0 when none
 */
public record LogletInfoReply(TailState tail, long trimPointOffset) {
}
