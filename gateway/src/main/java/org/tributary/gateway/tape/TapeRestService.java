package org.tributary.gateway.tape;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.config.TapeRestConfig;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.security.AccessGuard;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Tape REST API at run time: its store opened, the unexpired requests handed to the backends again (they were
 * accepted before a restart), expired ones swept once a minute, and the endpoint to register in the front door.
 */
public final class TapeRestService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TapeRestService.class);

    private final TapeRestOperations operations;
    private final ScheduledExecutorService sweeper;

    /** The operations own the store: it is closed with the service. */
    private TapeRestService(TapeRestOperations operations, Duration sweepEvery) {
        this.operations = operations;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tape-rest-expiry");
            t.setDaemon(true);
            return t;
        });
        long ms = sweepEvery.toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Opens the configured store and resumes its requests. */
    public static TapeRestService start(TapeRestConfig config, AreaRouter router, AccessGuard guard, Clock clock)
            throws IOException {
        StageRequestStore store = JdbcStageRequestStore.open(config.store());
        try {
            TapeRestOperations ops = new TapeRestOperations(config, router, guard, store, clock);
            int expired = ops.expire();
            int resumed = ops.resume();
            LOG.info("tape-rest: {} at {}; {} stage request(s) resumed, {} expired one(s) removed", store,
                    config.path(), resumed, expired);
            Duration every = config.requestLifetime().compareTo(Duration.ofMinutes(10)) < 0
                    ? config.requestLifetime().dividedBy(10).plusMillis(1) : Duration.ofMinutes(1);
            return new TapeRestService(ops, every);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public Endpoint endpoint() {
        return new TapeRestEndpoint(operations);
    }

    private void sweep() {
        try {
            int n = operations.expire();
            if (n > 0) LOG.info("tape-rest: {} expired stage request(s) removed", n);
        } catch (IOException | RuntimeException e) {
            LOG.warn("tape-rest: removing expired stage requests failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        sweeper.shutdownNow();
        operations.store().close();
    }
}
