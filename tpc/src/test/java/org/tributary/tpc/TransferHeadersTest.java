package org.tributary.tpc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TransferHeadersTest {

    @Test
    void prefixIsStrippedCaseInsensitivelyAndTheCallersAuthorizationIsNeverForwarded() {
        Map<String, String> out = TransferHeaders.forward(List.of(
                Map.entry("Authorization", "Bearer caller"),
                Map.entry("TransferHeaderAuthorization", "Bearer passive"),
                Map.entry("transferheaderX-A", "1"),
                Map.entry("TransferHeader", "empty name is ignored"),
                Map.entry("TransferHeaderContent-Length", "5"),
                Map.entry("TransferHeaderHost", "evil"),
                Map.entry("TransferHeaderX-Bad", "a\r\nInjected: 1"),
                Map.entry("Source", "https://x/")));
        assertEquals(Map.of("Authorization", "Bearer passive", "X-A", "1"), out);
    }

    @Test
    void sciTagWinsOverTransferHeaderSciTag() {
        assertEquals(Map.of("SciTag", "65"), TransferHeaders.forward(List.of(
                Map.entry("TransferHeaderSciTag", "12"), Map.entry("SciTag", "65"))));
        assertEquals(Map.of("SciTag", "12"), TransferHeaders.forward(List.of(Map.entry("TransferHeaderSciTag", "12"))));
    }
}
