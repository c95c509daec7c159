package io.jrestate.log.server;

/**
 * What every log-server response carries besides its body: the status, and the server's view of the loglet's
 * tails, so tails propagate piggy-backed on every answer.
 *
 * @param status the outcome of the request
 * @param localTailOffset the first loglet offset not durably stored on this server (its local tail)
 * @param knownGlobalTailOffset the highest global tail (first uncommitted offset) this server has heard of
 * @param sealed whether the loglet is durably sealed on this server
 */
public record TailState(LogletStatus status, long localTailOffset, long knownGlobalTailOffset, boolean sealed) {
}
