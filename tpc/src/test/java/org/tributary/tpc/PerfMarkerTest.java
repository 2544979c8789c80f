package org.tributary.tpc;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerfMarkerTest {

    @Test
    void layoutDavixParsesAtFixedOffsets() throws Exception {
        try (TpcEngine e = new TpcEngine(TpcSettings.defaults())) {
            Transfer t = new Transfer(e.client(), new TransferSpec(URI.create("http://x/"), Map.of(), false, true, 1), "source",
                    null, null) {
                @Override
                public void run() { }
            };
            t.setStripes(2);
            t.addBytes(0, 10);
            t.addBytes(1, 5);
            String m = t.perfMarker();
            assertTrue(m.matches("(?s)Perf Marker\n\tTimestamp: \\d{10}\n\tStripe Index: 0\n\tStripe Bytes Transferred: 10\n"
                    + "\tTotal Stripe Count: 2\nEnd\nPerf Marker\n\tTimestamp: \\d{10}\n\tStripe Index: 1\n"
                    + "\tStripe Bytes Transferred: 5\n\tTotal Stripe Count: 2\nEnd\n"), m);
            assertEquals(15, t.bytesTransferred());
        }
    }
}
