package org.tributary.gateway.security;

/** The outcome of one access check and the reason, printable as is (for logs and `authz explain`). */
public record AccessDecision(boolean allowed, String reason) {

    public static AccessDecision allow(String reason) { return new AccessDecision(true, reason); }

    public static AccessDecision deny(String reason) { return new AccessDecision(false, reason); }
}
