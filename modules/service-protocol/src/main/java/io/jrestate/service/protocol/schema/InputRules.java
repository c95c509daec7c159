package io.jrestate.service.protocol.schema;

/**
 * What a handler accepts as input ({@code input} in the manifest).
 *
 * @param required whether a body is required
 * @param contentType accepted content type (wildcards allowed), or null when no body is expected
 * @param jsonSchema the JSON schema as raw JSON text, or null
 */
public record InputRules(boolean required, String contentType, String jsonSchema) {
    /** The default: any content type, not required. */
    public static final InputRules DEFAULT = new InputRules(false, "*/*", null);
}
