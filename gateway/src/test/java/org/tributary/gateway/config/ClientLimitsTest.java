package org.tributary.gateway.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tributary.gateway.config.ConfigTestSupport.AREA;
import static org.tributary.gateway.config.ConfigTestSupport.errorOf;
import static org.tributary.gateway.config.ConfigTestSupport.parse;

/** server.idle-timeout, request-head-timeout, max-connections-per-client, max-concurrent-uploads: defaults, checks. */
class ClientLimitsTest {

    @Test
    void defaultsWhenAbsent() throws Exception {
        assertEquals(ClientLimits.defaults(), parse(AREA).server().limits());
        assertEquals(new ClientLimits(Duration.ofMinutes(2), Duration.ofSeconds(30), 512, 1000), ClientLimits.defaults());
    }

    @Test
    void valuesAreRead() throws Exception {
        ClientLimits l = parse("server: {idle-timeout: 45s, request-head-timeout: 5s, max-connections-per-client: 8,"
                + " max-concurrent-uploads: 20}\n" + AREA).server().limits();
        assertEquals(new ClientLimits(Duration.ofSeconds(45), Duration.ofSeconds(5), 8, 20), l);
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAllowed() {
        assertEquals("server.idle-timeout: must be at least 1s, e.g. 2m (the default)",
                errorOf("server: {idle-timeout: 500ms}\n" + AREA));
        assertEquals("server.request-head-timeout: must be at least 1s, e.g. 30s (the default)",
                errorOf("server: {request-head-timeout: 0s}\n" + AREA));
        assertEquals("server.idle-timeout: '30' has no unit; use " + DurationText.ALLOWED,
                errorOf("server: {idle-timeout: 30}\n" + AREA));
        assertEquals("server.max-connections-per-client: '0' is not allowed; use a whole number 1..2147483647",
                errorOf("server: {max-connections-per-client: 0}\n" + AREA));
        assertEquals("server.max-concurrent-uploads: 'many' is not allowed; use a whole number 1..2147483647",
                errorOf("server: {max-concurrent-uploads: many}\n" + AREA));
    }

    @Test
    void theEffectiveConfigurationShowsThemAndReadsBack() throws Exception {
        GatewayConfig c = parse("server: {idle-timeout: 3m, max-concurrent-uploads: 7}\n" + AREA);
        assertEquals(c.server().limits(), parse(c.toYaml()).server().limits());
    }
}
