package io.jrestate.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The shared Jackson mapper for HTTP bodies. Thread-safe once configured. */
public final class Json {
    /**
     * A mapper that ignores unknown properties on input (clients send fields newer than ours) and writes
     * property names as the DTOs declare them: snake_case or camelCase is the DTO's choice, never global.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }
}
