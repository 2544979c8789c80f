/**
 * JMH micro-benchmarks of the gateway's CPU-only hot paths (bench/jmh/run; docs/performance.md). Every benchmark
 * returns its result so JMH consumes it (no dead-code elimination), and builds its inputs in a trial-level
 * {@code @Setup}, outside the measurement. {@link org.tributary.bench.jmh.GatewayFixture} is the one place that
 * constructs gateway parts.
 */
package org.tributary.bench.jmh;
