package org.tributary.gateway.security;

import org.tributary.gateway.http.LogText;

import java.util.List;

/**
 * Who is asking, as established by authentication: anonymous, or the holder of a validated bearer token with its
 * issuer, subject and token id, the groups of {@code wlcg.groups} and the storage scopes it carries (SciTokens
 * {@code read:}/{@code write:} already translated to {@code storage.read:}/{@code storage.modify:}). The scopes are
 * parsed once, when the token is validated, and travel parsed with the identity (and its cache entry), so that
 * authorising a request parses nothing. The access log prints {@link #logName()}, never a credential.
 *
 * @param issuer         the {@code iss} claim, exactly as in the token
 * @param groups         {@code wlcg.groups}, in token order (empty when none)
 * @param storageScopes  the storage capabilities of {@code scope} (empty when none: group policies apply)
 */
public record Identity(String issuer, String subject, String tokenId, List<String> groups,
                       List<StorageScope> storageScopes) {

    public static final Identity ANONYMOUS = new Identity(null, null, null);

    public Identity {
        groups = groups == null ? List.of() : List.copyOf(groups);
        storageScopes = storageScopes == null ? List.of() : List.copyOf(storageScopes);
    }

    public Identity(String issuer, String subject, String tokenId) {
        this(issuer, subject, tokenId, List.of(), List.of());
    }

    /** The scopes as the token wrote them (canonical {@code storage.*} form), for logs and explanations. */
    public List<String> scopes() {
        return storageScopes.stream().map(StorageScope::text).toList();
    }

    public boolean isAnonymous() { return subject == null; }

    /** One space-free field per claim, escaped: a token chooses these values (see {@link LogText}). */
    public String logName() {
        if (isAnonymous()) return "anonymous";
        return "sub=" + LogText.field(subject) + " iss=" + LogText.field(issuer)
                + (tokenId == null ? "" : " jti=" + LogText.field(tokenId));
    }
}
