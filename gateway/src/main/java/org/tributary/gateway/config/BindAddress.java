package org.tributary.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What {@code server.bind} may hold and whether it keeps the gateway on this machine. No DNS is consulted: start-up
 * must not depend on a resolver, and a host name other than "localhost" may resolve differently tomorrow, so only
 * literal loopback addresses (127.0.0.0/8, ::1) and "localhost" count as loopback.
 */
final class BindAddress {

    // A DNS name: letters, digits, '-' and dots (validity of each label is the resolver's business).
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    // Hex groups, colons, an optional dotted IPv4 tail and an optional %scope ("fe80::1%eth0").
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");

    private BindAddress() {}

    /** Why {@code bind} is not usable, or null when it is. */
    static String problem(String bind) {
        if (bind == null || bind.isBlank()) return "must not be empty; use an address such as 127.0.0.1 or 0.0.0.0";
        if (bind.startsWith("[")) return "'" + bind + "' is not allowed; write IPv6 addresses without brackets, e.g. ::1";
        if (isIpLiteral(bind)) {
            return literal(bind) == null ? "'" + bind + "' is not a valid IP address" : null;
        }
        return HOST_NAME.matcher(bind).matches() ? null
                : "'" + bind + "' is neither an IP address nor a host name";
    }

    /** Whether only this machine can reach a listener bound to {@code bind}. */
    static boolean isLoopback(String bind) {
        if (bind.equalsIgnoreCase("localhost") || bind.equalsIgnoreCase("localhost.")) return true;
        InetAddress a = isIpLiteral(bind) ? literal(bind) : null;
        return a != null && a.isLoopbackAddress();
    }

    private static boolean isIpLiteral(String s) {
        return s.indexOf(':') >= 0 || IPV4.matcher(s).matches();
    }

    // getByName does not resolve literals, it only parses them; names never reach it (checked by isIpLiteral).
    private static InetAddress literal(String s) {
        if (IPV4.matcher(s).matches()) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) return null;
            }
        } else if (!IPV6.matcher(s).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
