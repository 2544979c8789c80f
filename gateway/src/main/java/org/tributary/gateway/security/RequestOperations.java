package org.tributary.gateway.security;

import org.tributary.backend.EntryInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one table from a request to the access checks it needs (SPECS §3.2): the method, what its target is (absent,
 * a file, a collection), and the headers that change what it does (Depth; for COPY, whether it pulls from a remote
 * Source, pushes to a remote Destination or copies inside this server). The DAV methods ask this table once they
 * know the target's state and run its checks in order; {@code tributary authz explain} prints the same checks, so
 * the explanation cannot drift from what the server does ({@code ExplainAgreesWithTheServerTest} drives both).
 *
 * <p>A request that fails before it reaches its access check (404 for a missing GET target, 405 for MKCOL onto an
 * existing entry, 409 for a missing parent) asks nothing; the table says what it would ask if it got that far.
 */
public final class RequestOperations {

    private RequestOperations() { }

    /** What a request does, as far as access is concerned: the method refined by its headers. */
    public enum Verb {
        GET, HEAD,
        /** PROPFIND Depth 0: properties of the target alone. */
        PROPFIND_SELF,
        /** PROPFIND Depth 1: a collection's listing (on a file, the same as Depth 0). */
        PROPFIND_LISTING,
        PUT, MKCOL, DELETE, PROPPATCH,
        /** COPY to a Destination on this server. */
        COPY,
        MOVE,
        /** Third-party COPY with a remote Source: written into the target. */
        COPY_PULL,
        /** Third-party COPY with a remote Destination: the target is read. */
        COPY_PUSH,
        /** Tape REST stage, cancel, delete and release of a file (SPECS §2.5). */
        TAPE_STAGE,
        /** Tape REST poll (each file of the request) and archiveinfo. */
        TAPE_POLL
    }

    /** Which path a check is about: the request's own, or the Destination of a local COPY or MOVE. */
    public enum On { TARGET, DESTINATION }

    /**
     * One access check: {@code op} on the path; with {@code below}, on everything below it too (a recursive operation
     * must not walk around a more restrictive rule inside the collection: {@code SubtreeAccess}).
     */
    public record Check(On on, Operation op, boolean below) { }

    /** What is at a path when the request is authorised. */
    public record Target(boolean exists, boolean directory, boolean walkable) {

        public static final Target ABSENT = new Target(false, false, false);
        public static final Target FILE = new Target(true, false, false);
        public static final Target COLLECTION = new Target(true, true, true);

        /**
         * @param entry the stat of the path; a link to a collection is listed like one but acted on as itself (never
         *              walked), as by the backends
         */
        public static Target of(Optional<EntryInfo> entry) {
            return entry.map(Target::of).orElse(ABSENT);
        }

        public static Target of(EntryInfo e) {
            return new Target(true, e.isDirectory(), e.isWalkableDirectory());
        }
    }

    /**
     * The checks of a request, in the order the server runs them.
     *
     * @param target      what is at the request path
     * @param destination what is at the Destination path (COPY and MOVE on this server; ignored otherwise)
     * @param infinite    COPY with Depth infinity (the default; MOVE is always infinite)
     */
    public static List<Check> checks(Verb verb, Target target, Target destination, boolean infinite) {
        List<Check> out = new ArrayList<>(4);
        switch (verb) {
            case GET -> out.add(on(Operation.READ));
            // HEAD is a stat, as PROPFIND Depth 0; only GET (content or a listing) reads
            case HEAD, PROPFIND_SELF -> out.add(on(Operation.STAT));
            case PROPFIND_LISTING -> out.add(on(target.directory() ? Operation.READ : Operation.STAT));
            // overwriting needs modify; create is enough only where nothing exists yet
            case PUT, COPY_PULL -> out.add(on(target.exists() ? Operation.MODIFY : Operation.CREATE));
            case MKCOL -> out.add(on(Operation.CREATE));
            case DELETE -> {
                out.add(on(Operation.DELETE));
                if (target.walkable()) out.add(new Check(On.TARGET, Operation.DELETE, true));
            }
            case PROPPATCH -> out.add(on(Operation.MODIFY));
            case COPY_PUSH -> out.add(on(Operation.READ));
            case TAPE_STAGE -> out.add(on(Operation.STAGE));
            case TAPE_POLL -> out.add(on(Operation.POLL));
            case COPY, MOVE -> {
                boolean move = verb == Verb.MOVE;
                out.add(on(move ? Operation.RENAME : Operation.READ));
                // the members travel too
                if (target.walkable() && (move || infinite)) {
                    out.add(new Check(On.TARGET, Operation.READ, true));
                    if (move) out.add(new Check(On.TARGET, Operation.RENAME, true));
                }
                out.add(new Check(On.DESTINATION, destination.exists() ? Operation.MODIFY : Operation.CREATE, false));
                if (destination.walkable()) {
                    // replacing a collection deletes what is in it
                    out.add(new Check(On.DESTINATION, Operation.MODIFY, true));
                    out.add(new Check(On.DESTINATION, Operation.DELETE, true));
                }
            }
        }
        return out;
    }

    /** The checks of a request that has no Destination. */
    public static List<Check> checks(Verb verb, Target target) {
        return checks(verb, target, Target.ABSENT, true);
    }

    private static Check on(Operation op) {
        return new Check(On.TARGET, op, false);
    }
}
