package org.tributary.backend;

/**
 * An invalid option of a backend's configuration section, as a backend's own parser reports it: {@code key} is
 * relative to the backend section ("credentials.path"), {@code detail} says what is wrong and what is allowed. The
 * gateway turns it into its configuration error naming the full key.
 */
public class InvalidOption extends IllegalArgumentException {

    private final String key;
    private final String detail;

    public InvalidOption(String key, String detail) {
        super(key + ": " + detail);
        this.key = key;
        this.detail = detail;
    }

    public String key() { return key; }

    public String detail() { return detail; }
}
