package io.jrestate.service.protocol.schema;

import java.io.IOException;

/**
 * A {@link SchemaStore#save} that lost a compare-and-set: another writer (the admin of another node) stored a
 * newer registry since this one last loaded or saved. Nothing was saved; the registry reloads the stored state,
 * re-applies its change and saves again ({@link SchemaRegistry}).
 */
public final class SchemaConflictException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was expected and what was found
     * @param cause the store's own failure
     */
    public SchemaConflictException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
