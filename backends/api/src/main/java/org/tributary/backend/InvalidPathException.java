package org.tributary.backend;

/** A request path that can never name an entry (dot segments, NUL, reserved names...). Mapped to 400. */
public class InvalidPathException extends IllegalArgumentException {
    public InvalidPathException(String reason) { super(reason); }
}
