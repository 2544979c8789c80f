package org.tributary.tpc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferLimiterTest {

    @Test
    void globalAndPerAreaLimitsWithABoundedQueue() throws Exception {
        TransferLimiter l = new TransferLimiter(3, 2, 1);
        var a1 = l.admit("a");
        var a2 = l.admit("a");
        assertEquals(2, l.active());
        var a3 = l.admit("a");        // area a is full: queued
        assertNotNull(a3);
        assertEquals(1, l.queued());
        assertNull(l.admit("b"));     // queue full (FIFO: b may not overtake a3)
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                a3.awaitSlot();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        assertTrue(waiter.isAlive());
        a1.close();
        waiter.join(2000);
        assertEquals(2, l.active());
        assertEquals(0, l.queued());
        a2.close();
        a3.close();
        a3.close(); // idempotent
        assertEquals(0, l.active());
    }

    @Test
    void aCancelledQueuedTransferLeavesTheQueue() throws Exception {
        TransferLimiter l = new TransferLimiter(1, 1, 5);
        var a = l.admit("x");
        var q = l.admit("x");
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                q.awaitSlot();
            } catch (InterruptedException e) {
                q.close();
            }
        });
        Thread.sleep(50);
        t.interrupt();
        t.join(2000);
        assertEquals(0, l.queued());
        a.close();
        assertEquals(0, l.active());
    }
}
