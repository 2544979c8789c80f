package org.tributary.gateway.security;

import org.tributary.backend.AreaPath;
import org.tributary.gateway.config.TokenIssuerConfig;

import java.util.List;
import java.util.Set;

/**
 * Authorises from storage scopes alone (SPECS §3.2, the method→scope table):
 * <ul>
 *   <li>READ (GET, PROPFIND listing): read;</li>
 *   <li>STAT (HEAD, PROPFIND Depth 0): read, create, modify or stage on the path; also any scope below the path,
 *       so clients can walk to the directory they may use (gfal-mkdir -p, gfal-copy -p);</li>
 *   <li>CREATE (PUT/MKCOL/COPY target where nothing exists): create or modify; MKCOL of a parent of a create or
 *       modify scope's path;</li>
 *   <li>MODIFY (overwrite, PROPPATCH) and DELETE: modify;</li>
 *   <li>RENAME (the source of MOVE): modify, or create (the target is checked as CREATE, so a rename within create
 *       scopes onto a new name works and onto an existing one needs modify);</li>
 *   <li>STAGE (Tape REST stage, cancel, delete, release): stage; it grants READ only for an issuer with
 *       {@code stage-grants-read} (the v1.0 rule; v1.3 says stage never implies read);</li>
 *   <li>POLL (Tape REST poll, archiveinfo): poll, or any of read, create, modify, stage.</li>
 * </ul>
 * Paths are component-wise below the issuer's base path: {@code storage.read:/a} never covers {@code /ab}.
 */
public final class ScopeAuthorizer {

    private ScopeAuthorizer() {}

    /**
     * @param base the issuer's base path, parsed (where the scope path "/" lands in the area)
     */
    public static AccessDecision decide(Identity who, TokenIssuerConfig issuer, AreaPath base, Operation op,
                                        AreaPath path) {
        List<StorageScope> scopes = who.storageScopes();
        Set<StorageScope.Kind> needed = switch (op) {
            // WLCG JWT profile v1.3: stage does not imply read, unless the issuer keeps the v1.0 rule (stage-grants-read)
            case READ -> issuer.stageGrantsRead() ? Set.of(StorageScope.Kind.READ, StorageScope.Kind.STAGE)
                    : Set.of(StorageScope.Kind.READ);
            case STAT -> Set.of(StorageScope.Kind.READ, StorageScope.Kind.CREATE, StorageScope.Kind.MODIFY,
                    StorageScope.Kind.STAGE);
            case CREATE -> Set.of(StorageScope.Kind.CREATE, StorageScope.Kind.MODIFY);
            case MODIFY, DELETE -> Set.of(StorageScope.Kind.MODIFY);
            case RENAME -> Set.of(StorageScope.Kind.CREATE, StorageScope.Kind.MODIFY);
            case STAGE -> Set.of(StorageScope.Kind.STAGE);
            case POLL -> Set.of(StorageScope.Kind.POLL, StorageScope.Kind.READ, StorageScope.Kind.CREATE,
                    StorageScope.Kind.MODIFY, StorageScope.Kind.STAGE);
        };
        for (StorageScope s : scopes) {
            if (needed.contains(s.kind()) && s.covers(base, path)) {
                return AccessDecision.allow("scope " + s.text() + " of issuer '" + issuer.name() + "' (base path "
                        + issuer.basePath() + ") covers " + path);
            }
        }
        for (StorageScope s : scopes) {
            if (op == Operation.CREATE && (s.kind() == StorageScope.Kind.CREATE || s.kind() == StorageScope.Kind.MODIFY)
                    && s.isBelow(base, path)) {
                return AccessDecision.allow(path + " is a parent of the path of scope " + s.text() + " of issuer '"
                        + issuer.name() + "'; creating it is allowed");
            }
            if (op == Operation.STAT && s.kind() != StorageScope.Kind.POLL && s.isBelow(base, path)) {
                return AccessDecision.allow(path + " is a parent of the path of scope " + s.text() + " of issuer '"
                        + issuer.name() + "'; stat is allowed");
            }
        }
        String what = switch (op) {
            case READ -> issuer.stageGrantsRead() ? "storage.read or storage.stage (stage-grants-read)" : "storage.read"
                    + (who.storageScopes().stream().anyMatch(s -> s.kind() == StorageScope.Kind.STAGE)
                    ? " (storage.stage does not grant read: WLCG JWT profile v1.3)" : "");
            case STAT -> "storage.read, storage.create, storage.modify or storage.stage";
            case CREATE -> "storage.create or storage.modify";
            case MODIFY -> "storage.modify (the target exists: overwriting needs modify, not create)";
            case DELETE -> "storage.modify";
            case RENAME -> "storage.modify, or storage.create when source and new target are both in create scopes";
            case STAGE -> "storage.stage";
            case POLL -> "storage.poll, or any of storage.read, storage.create, storage.modify, storage.stage";
        };
        return AccessDecision.deny("the token's scopes " + who.scopes() + " do not grant " + op + " on " + path
                + " (issuer '" + issuer.name() + "', base path " + issuer.basePath() + "); it needs " + what
                + " covering the path");
    }
}
