package org.tributary.gateway.access;

/**
 * Who is asking, as established by authentication. Anonymous until the token pipeline (issue 3) fills in issuer,
 * subject and token id; the access log prints {@link #logName()}, never a credential.
 */
public record Identity(String issuer, String subject, String tokenId) {

    public static final Identity ANONYMOUS = new Identity(null, null, null);

    public boolean isAnonymous() { return subject == null; }

    public String logName() {
        if (isAnonymous()) return "anonymous";
        return "sub=" + subject + " iss=" + issuer + (tokenId == null ? "" : " jti=" + tokenId);
    }
}
