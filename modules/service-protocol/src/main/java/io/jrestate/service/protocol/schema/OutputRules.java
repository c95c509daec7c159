package io.jrestate.service.protocol.schema;

/**
 * What a handler returns ({@code output} in the manifest).
 *
 * @param contentType content type of the output, or null
 * @param setContentTypeIfEmpty whether to send the content type for an empty output
 * @param jsonSchema the JSON schema as raw JSON text, or null
 */
public record OutputRules(String contentType, boolean setContentTypeIfEmpty, String jsonSchema) {
    /** The default: JSON, no content type when empty. */
    public static final OutputRules DEFAULT = new OutputRules("application/json", false, null);
}
