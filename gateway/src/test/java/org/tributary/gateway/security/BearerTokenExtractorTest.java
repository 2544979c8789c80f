package org.tributary.gateway.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BearerTokenExtractorTest {

    @Test
    void authorizationHeader() {
        assertEquals("abc", BearerTokenExtractor.fromAuthorization("Bearer abc"));
        assertEquals("abc", BearerTokenExtractor.fromAuthorization("bearer   abc "));
        assertEquals("abc", BearerTokenExtractor.fromAuthorization("BEARER\tabc"));
        assertNull(BearerTokenExtractor.fromAuthorization("Basic dXNlcjpwdw=="));
        assertNull(BearerTokenExtractor.fromAuthorization("Bearer"));
        assertNull(BearerTokenExtractor.fromAuthorization("Bearer   "));
        assertNull(BearerTokenExtractor.fromAuthorization("Bearerabc"));
    }

    @Test
    void logRedaction() {
        assertEquals("/a/b", BearerTokenExtractor.redactQuery("/a/b"));
        assertEquals("/a?x=1", BearerTokenExtractor.redactQuery("/a?x=1"));
        assertEquals("/a?authz=REDACTED", BearerTokenExtractor.redactQuery("/a?authz=eyJ.eyJ.sig"));
        assertEquals("/a?x=1&AUTHZ=REDACTED&y=2", BearerTokenExtractor.redactQuery("/a?x=1&AUTHZ=Bearer%20t&y=2"));
        assertEquals("/a?%61uthz=REDACTED", BearerTokenExtractor.redactQuery("/a?%61uthz=t"));
        assertEquals("/a?%zz=REDACTED", BearerTokenExtractor.redactQuery("/a?%zz=t"));
    }
}
