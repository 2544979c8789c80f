package org.tributary.gateway.access;

import org.tributary.gateway.http.LogText;

import java.util.List;

/**
 * Who is asking, as established by authentication: anonymous, or the holder of a validated bearer token with its
 * issuer, subject and token id, the groups of {@code wlcg.groups} and the storage scopes it carries (SciTokens
 * {@code read:}/{@code write:} already translated to {@code storage.read:}/{@code storage.modify:}). The access log
 * prints {@link #logName()}, never a credential.
 *
 * @param issuer  the {@code iss} claim, exactly as in the token
 * @param groups  {@code wlcg.groups}, in token order (empty when none)
 * @param scopes  the storage capabilities of {@code scope} (empty when none: group policies apply)
 */
public record Identity(String issuer, String subject, String tokenId, List<String> groups, List<String> scopes) {

    public static final Identity ANONYMOUS = new Identity(null, null, null);

    public Identity {
        groups = groups == null ? List.of() : List.copyOf(groups);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public Identity(String issuer, String subject, String tokenId) {
        this(issuer, subject, tokenId, List.of(), List.of());
    }

    public boolean isAnonymous() { return subject == null; }

    /** One space-free field per claim, escaped: a token chooses these values (see {@link LogText}). */
    public String logName() {
        if (isAnonymous()) return "anonymous";
        return "sub=" + LogText.field(subject) + " iss=" + LogText.field(issuer)
                + (tokenId == null ? "" : " jti=" + LogText.field(tokenId));
    }
}
