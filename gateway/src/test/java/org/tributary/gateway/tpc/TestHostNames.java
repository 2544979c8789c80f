package org.tributary.gateway.tpc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Host names under {@code .embedded.test} that resolve to IPv6 forms carrying an IPv4 address, through the JDK's own
 * resolver SPI (registered in META-INF/services for the test JVM): the gateway resolves them as it resolves any name,
 * so the guard's "every address a name resolves to" path runs for real. Every other name goes to the built-in
 * resolver.
 */
public final class TestHostNames extends InetAddressResolverProvider {

    static final Map<String, String> NAMES = Map.of(
            "nat64-metadata.embedded.test", "64:ff9b::a9fe:a9fe",
            "sixtofour-private.embedded.test", "2002:a01:203::1",
            "teredo-loopback.embedded.test", "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "compat-loopback.embedded.test", "::127.0.0.1");

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                String ip = NAMES.get(host.toLowerCase(Locale.ROOT));
                if (ip == null) return builtin.lookupByName(host, policy);
                return Stream.of(InetAddress.getByName(ip)); // a literal: no lookup
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "tributary test host names";
    }
}
