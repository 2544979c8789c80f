package org.tributary.gateway.security;

import org.tributary.backend.AreaPath;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.AnonymousAccess;
import org.tributary.gateway.http.HttpError;

import java.util.List;
import java.util.Map;

/**
 * The rules of a storage area that hold whoever asks, each decided here and nowhere else:
 * <ul>
 *   <li><b>read-only</b>: an area marked {@code read-only} refuses every write, to every caller and every kind of
 *       token (the gateway's own SE tokens too): {@link #decide} asks this before the credential rules it wraps;</li>
 *   <li><b>anonymous</b>: a caller without a token gets what the area's {@code anonymous} setting grants
 *       ({@link #anonymous}; the area's policy rules for {@code anyone} are asked first by the token guard); an area
 *       that grants anonymous callers nothing answers them 401 before the method runs, so that no status reveals
 *       whether a path exists ({@link #refuseAnonymousBeforeDispatch});</li>
 *   <li><b>the refusal</b>: 401 with a Bearer challenge for an anonymous caller (a token may help), except for a write
 *       on a read-only area, and 403 otherwise ({@link #refusal}).</li>
 * </ul>
 * As an {@link AccessGuard} it is the outermost guard of the server and of {@code authz explain}: the credential
 * rules (tokens and group policies, SE tokens) sit inside it and never see a write on a read-only area.
 */
public final class AccessPolicy implements AccessGuard {

    private final AccessGuard credentials;

    /** @param credentials the rules for who the caller is: token scopes, group policies, the anonymous setting */
    public AccessPolicy(AccessGuard credentials) {
        this.credentials = credentials;
    }

    /** The rules inside this policy (for a layer that adds credential rules of its own, e.g. SE tokens). */
    public AccessGuard credentials() { return credentials; }

    @Override
    public AccessDecision decide(Identity who, StorageArea area, Operation op, AreaPath path) {
        if (op.isWrite() && area.config().readOnly()) {
            return AccessDecision.deny("storage area '" + area.name() + "' is read-only");
        }
        return credentials.decide(who, area, op, path);
    }

    @Override
    public List<AreaPath> witnessesBelow(StorageArea area, AreaPath path) {
        return credentials.witnessesBelow(area, path);
    }

    /** What the area's {@code anonymous} setting grants a caller without a token (none by default). */
    public static AccessDecision anonymous(StorageArea area, Operation op) {
        AnonymousAccess anon = area.config().anonymous();
        // staging takes drive time and disk space: anonymous callers get it with write access only (Operation.STAGE)
        boolean needsWrite = op.isWrite() || op == Operation.STAGE;
        boolean ok = needsWrite ? anon.canWrite() : anon.canRead();
        return ok ? AccessDecision.allow("anonymous " + anon.configName() + " on area '" + area.name() + "'")
                : AccessDecision.deny("storage area '" + area.name() + "' does not allow anonymous "
                + (op == Operation.STAGE ? "staging" : op.isWrite() ? "writes" : "reads") + "; present a bearer token");
    }

    /**
     * Refuses an anonymous caller in an area that grants anonymous callers nothing, before any method can reveal
     * whether its path exists (deny by default). OPTIONS says what the server can do, not what is stored: it passes.
     *
     * @throws HttpError 401 with a Bearer challenge
     */
    public static void refuseAnonymousBeforeDispatch(Identity who, StorageArea area, String method) {
        if (!who.isAnonymous() || "OPTIONS".equals(method)) return;
        AnonymousAccess anon = area.config().anonymous();
        if (anon.canRead() || anon.canWrite()) return;
        String why = "storage area '" + area.name() + "' does not allow anonymous access; present a bearer token";
        throw challenge(why);
    }

    /** The HTTP status of a refused check: 401 when credentials might help, 403 when they cannot or did not. */
    public static int refusalStatus(Identity who, StorageArea area, Operation op) {
        boolean writeOnReadOnly = op.isWrite() && area.config().readOnly();
        return who.isAnonymous() && !writeOnReadOnly ? 401 : 403;
    }

    /** The answer to a refused check ({@link #refusalStatus}), naming the decision's reason. */
    public static HttpError refusal(Identity who, StorageArea area, Operation op, AccessDecision refused) {
        return refusalStatus(who, area, op) == 401 ? challenge(refused.reason()) : HttpError.forbidden(refused.reason());
    }

    private static HttpError challenge(String why) {
        return new HttpError(401, why, Map.of("WWW-Authenticate", TokenAuthenticator.challenge("invalid_token", why)));
    }
}
