package org.tributary.gateway.front;

/**
 * One front end of the gateway: DAV on the storage areas, SE-issued tokens, the root page; later Tape REST, metrics
 * and health, a dashboard. It receives an exchange whose target is already decoded and confined, routed to its
 * storage area (if any) and authenticated, and either serves it (returns {@code true}) or leaves it untouched for the
 * next endpoint (returns {@code false}). It never maps failures itself: whatever it throws, the
 * {@link ExchangeHandler} turns into a status (and the request log records it), the same way for every front end.
 *
 * <p>Endpoints are asked in the order they are registered (one list, in {@code GatewayServer}); the first that
 * answers {@code true} has served the request. They run on virtual threads and may block.
 */
@FunctionalInterface
public interface Endpoint {

    boolean serve(Exchange exchange) throws Exception;
}
