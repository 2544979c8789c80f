package org.tributary.tpc;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SSRF guard: which remote hosts a COPY may make this gateway talk to. A COPY names any URL it likes, so without a
 * guard a caller could have the gateway fetch from (or post to) the cloud metadata service, the site's private
 * network or services on the gateway host itself.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>An address that matches an {@code allowed-hosts} network ({@code 10.1.0.0/16}) or whose host name matches an
 *       allowed name ({@code se.example.org}, {@code *.example.org}) is allowed, even in a private range: the admin
 *       said so.</li>
 *   <li>When {@code allowed-hosts} is not empty, anything else is refused.</li>
 *   <li>Otherwise: link-local (169.254/16 incl. the cloud metadata address, fe80::/10), the AWS IPv6 metadata address
 *       fd00:ec2::254, unspecified, multicast, private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) are refused;
 *       loopback (127/8, ::1) only when the gateway itself listens on loopback alone or the admin allowed it.</li>
 * </ol>
 * An IPv6 address that carries an IPv4 address (IPv4-mapped, -translated or -compatible, NAT64, 6to4, Teredo: see
 * {@link EmbeddedIpv4}) is judged by the IPv4 address it carries, unless the IPv6 address itself is listed; a
 * local-use NAT64 address (64:ff9b:1::/48) does not say where its IPv4 address sits and is refused unless listed.
 * Every address a name resolves to must pass (a name resolving to one public and one private address is refused),
 * and the same check runs again when the HTTP client connects ({@link #check(String, List)} from the resolver),
 * so DNS rebinding between the pre-check and the connection, and redirects, are covered too.
 */
public final class RemoteGuard {

    private record Net(byte[] prefix, int bits) { }

    private final List<String> names = new ArrayList<>();
    private final List<Net> nets = new ArrayList<>();
    private final boolean allowLoopback;

    public RemoteGuard(List<String> allowedHosts, boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
        for (String h : allowedHosts) {
            String s = h.trim().toLowerCase(Locale.ROOT);
            Net n = parseNet(s);
            if (n != null) nets.add(n);
            else names.add(s);
        }
    }

    /** Whether an allowed-hosts entry is well formed (host name, *.domain, IP or IP/bits), for configuration checks. */
    public static String entryProblem(String entry) {
        String s = entry == null ? "" : entry.trim();
        if (s.isEmpty()) return "must not be empty";
        if (s.contains("/") || Character.isDigit(s.charAt(0)) || s.contains(":")) {
            try {
                if (parseNet(s) == null) return "'" + s + "' is not a host name or network";
            } catch (IllegalArgumentException e) {
                return "'" + s + "' " + e.getMessage();
            }
            return null;
        }
        if (!s.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) return "'" + s + "' is not a host name";
        return null;
    }

    /** Resolves the host of {@code uri} and checks every address; the exception message is the reason for the 403. */
    public List<InetAddress> check(URI uri) throws RemoteRefusedException {
        String host = uri.getHost();
        if (host == null) throw new RemoteRefusedException("remote URL has no host");
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        List<InetAddress> addrs;
        try {
            addrs = List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new RemoteRefusedException("remote host " + host + " cannot be resolved");
        }
        check(host, addrs);
        return addrs;
    }

    public void check(String host, List<InetAddress> addrs) throws RemoteRefusedException {
        String h = host.toLowerCase(Locale.ROOT);
        boolean nameAllowed = names.stream().anyMatch(n -> n.startsWith("*.") ? h.endsWith(n.substring(1)) : h.equals(n));
        for (InetAddress a : addrs) {
            String why = refusal(a, nameAllowed);
            if (why != null) {
                throw new RemoteRefusedException("remote host " + host + " (" + a.getHostAddress() + ") is not allowed: "
                        + why);
            }
        }
    }

    private String refusal(InetAddress a, boolean nameAllowed) {
        byte[] b = a.getAddress();
        for (Net n : nets) if (inNet(b, n)) return null;
        if (nameAllowed) return null;
        EmbeddedIpv4 carried = EmbeddedIpv4.of(a);
        if (carried != null) {
            if (carried.ipv4() == null) {
                return carried.form() + ": where it leads depends on the site's translator; list its prefix in"
                        + " tpc.allowed-hosts to allow it";
            }
            String why = refusal(carried.ipv4(), false);
            return why == null ? null : carried.form() + " carrying " + carried.ipv4().getHostAddress() + ": " + why;
        }
        if (!names.isEmpty() || !nets.isEmpty()) return "not in tpc.allowed-hosts";
        if (a.isLoopbackAddress()) {
            return allowLoopback ? null : "loopback remotes are refused unless the gateway listens on loopback only"
                    + " or tpc.allow-loopback is true";
        }
        if (a.isAnyLocalAddress()) return "unspecified address";
        if (a.isMulticastAddress()) return "multicast address";
        if (a.isLinkLocalAddress()) return "link-local address (cloud metadata and the like)";
        if (a instanceof Inet6Address && (b[0] & 0xff) == 0xfd && (b[1] & 0xff) == 0x00 && (b[2] & 0xff) == 0x0e
                && (b[3] & 0xff) == 0xc2) return "cloud metadata address";
        if (a.isSiteLocalAddress()) return "private address; list it in tpc.allowed-hosts to allow it";
        if (a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return "shared (carrier-grade NAT) address; list it in tpc.allowed-hosts to allow it";
        }
        if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "unique-local IPv6 address; list it in tpc.allowed-hosts to allow it";
        }
        if (a instanceof Inet4Address && (b[0] & 0xff) == 0) return "reserved address 0.0.0.0/8";
        return null;
    }

    private static boolean inNet(byte[] addr, Net n) {
        if (addr.length != n.prefix.length) return false;
        int bits = n.bits;
        for (int i = 0; i < addr.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((addr[i] & mask) != (n.prefix[i] & mask)) return false;
        }
        return true;
    }

    private static Net parseNet(String s) {
        String ip = s;
        int bits = -1;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            ip = s.substring(0, slash);
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("has a bad prefix length");
            }
        }
        if (!(ip.matches("[0-9.]+") || ip.contains(":"))) return null;
        byte[] b;
        try {
            b = InetAddress.getByName(ip).getAddress(); // an IP literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("is not an IP address");
        }
        if (bits < 0) bits = b.length * 8;
        if (bits > b.length * 8) throw new IllegalArgumentException("has a bad prefix length");
        return new Net(b, bits);
    }
}
