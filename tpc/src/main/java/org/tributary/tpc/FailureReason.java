package org.tributary.tpc;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;

/**
 * Short reasons for the {@code failure:} line of a third-party copy: what failed, in the client's terms (the source or
 * the destination, the remote's status), never the HTTP client's own description of a failure, which names its
 * connection objects, socket addresses and classes in about a kilobyte. The exception stays the cause of the
 * {@link TpcException}, so the server log keeps the detail.
 */
final class FailureReason {

    /** A remote's own error text is cut here (it follows the XRootD form, SPECS §1: {@code error message: "..."}). */
    static final int MAX_REMOTE_TEXT = 100;

    private FailureReason() { }

    private enum Kind { REFUSED, UNREACHABLE, UNRESOLVED, TLS_UNTRUSTED, TLS, CONNECT_TIMEOUT, IDLE, CLOSED, PROTOCOL, OTHER }

    private static Kind classify(Throwable t) {
        boolean tls = false;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage();
            if (c instanceof ConnectException && !m.toLowerCase().contains("timed out")) return Kind.REFUSED;
            if (c instanceof NoRouteToHostException) return Kind.UNREACHABLE;
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) return Kind.UNRESOLVED;
            if (c instanceof CertificateException || m.contains("PKIX") || m.contains("certification path")) {
                return Kind.TLS_UNTRUSTED;
            }
            if (c instanceof javax.net.ssl.SSLException) tls = true;
            if (c instanceof SocketTimeoutException || c instanceof TimeoutException
                    || c instanceof java.net.ConnectException) {
                return m.toLowerCase().contains("connect") ? Kind.CONNECT_TIMEOUT : Kind.IDLE;
            }
            if (c instanceof EOFException || c instanceof ClosedChannelException) return tls ? Kind.TLS : Kind.CLOSED;
            if (c.getClass().getSimpleName().equals("HttpResponseException") || m.startsWith("HTTP protocol violation")) {
                return Kind.PROTOCOL;
            }
        }
        return tls ? Kind.TLS : Kind.OTHER;
    }

    /** Why a request to the remote got no response. */
    static String noResponse(String role, Throwable t) {
        return switch (classify(t)) {
            case REFUSED -> "connection to the " + role + " refused";
            case UNREACHABLE -> "no route to the " + role;
            case UNRESOLVED -> "the " + role + " host name cannot be resolved";
            case TLS_UNTRUSTED -> "TLS handshake with the " + role + " failed: its certificate is not trusted";
            case TLS -> "TLS handshake with the " + role + " failed";
            case CONNECT_TIMEOUT -> "connection to the " + role + " timed out";
            case IDLE -> "the " + role + " did not answer within the idle timeout";
            case CLOSED -> "the " + role + " closed the connection before answering";
            case PROTOCOL -> "the " + role + " sent a malformed HTTP response";
            case OTHER -> "the exchange with the " + role + " failed";
        };
    }

    /** Why reading a body stopped after {@code bytes} bytes. */
    static String reading(String role, Throwable t, long bytes) {
        return switch (classify(t)) {
            case CLOSED -> "the " + role + " closed the connection after " + bytes + " bytes";
            case IDLE, CONNECT_TIMEOUT -> "the " + role + " sent nothing for the idle timeout after " + bytes + " bytes";
            default -> "reading from the " + role + " failed after " + bytes + " bytes";
        };
    }

    /** A remote's error text, one line of printable characters, cut to {@link #MAX_REMOTE_TEXT}. */
    static String remoteText(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).replaceAll("<[^>]{0,200}>", " ")
                .replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}\"]+", " ").replaceAll("\\s+", " ").strip();
        return s.length() <= MAX_REMOTE_TEXT ? s : s.substring(0, MAX_REMOTE_TEXT) + "...";
    }

    /** A remote-controlled header value quoted in a reason: printable and short. */
    static String quoted(String value) {
        if (value == null) return "none";
        String s = value.replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
