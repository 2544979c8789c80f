package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HttpDatesTest {

    @Test
    void imfFixdateHasATwoDigitDayAndWholeSeconds() {
        assertEquals("Thu, 05 Nov 2026 01:02:03 GMT", HttpDates.format(Instant.parse("2026-11-05T01:02:03.900Z")));
        assertEquals("Wed, 25 Nov 2026 23:59:59 GMT", HttpDates.format(Instant.parse("2026-11-25T23:59:59Z")));
    }

    @Test
    void allThreeHttpDateFormsAreAccepted() {
        Instant t = Instant.parse("1994-11-06T08:49:37Z");
        assertEquals(t, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(t, HttpDates.parse(HttpDates.format(t)));
    }

    @Test
    void notADateIsNull() {
        assertNull(HttpDates.parse("yesterday"));
        assertNull(HttpDates.parse(""));
        assertNull(HttpDates.parse(null));
    }
}
