package org.tributary.tpc;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the gateway's third-party-copy client has moved over the network: transfers started and body bytes sent or
 * received. An in-place copy between two access points of one storage (issue 13) must leave both at zero; the tests
 * and the bench read them to prove it, and a metrics exporter can publish them.
 */
public final class TransferCounter {

    private final LongAdder started = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    void started() { started.increment(); }

    void bytes(long n) { bytes.add(n); }

    /** Network transfers started (each pull or push the gateway set up). */
    public long transfersStarted() { return started.sum(); }

    /** Body bytes the network transfers moved. */
    public long bytesTransferred() { return bytes.sum(); }
}
