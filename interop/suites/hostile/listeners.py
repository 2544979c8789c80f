#!/usr/bin/python3
"""Listeners for the hostile suite, run inside its network namespace.

canary:     one dual-stack socket on [::]:PORT. Every address the TPC guard must refuse is configured on the namespace's
            loopback, so a connection the guard let through *succeeds* and lands here: each accepted connection is one
            line in the log. An empty log after the suite means no refused address was ever reached.
redirector: an HTTP server on an address the guard allows (TEST-NET-3). /ok serves a small file (the positive control:
            third-party copy works at all in this namespace); /redirect?to=URL answers 302 to URL (a redirect hop to a
            refused address must be refused too).
"""
import http.server
import socket
import sys
import threading
import urllib.parse
import zlib

OK_BODY = b"hostile-suite positive control\n"


def canary(port, log_path):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    s.listen(64)
    while True:
        c, peer = s.accept()
        local = c.getsockname()
        with open(log_path, "a") as f:
            f.write("CONNECT from %s to %s\n" % (peer[0], local[0]))
        c.close()


class Redirector(http.server.BaseHTTPRequestHandler):
    def _answer(self, with_body):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/ok":
            self.send_response(200)
            self.send_header("Content-Length", str(len(OK_BODY)))
            self.send_header("Digest", "adler32=%08x" % zlib.adler32(OK_BODY))   # the gateway verifies it by default
            self.end_headers()
            if with_body:
                self.wfile.write(OK_BODY)
        elif u.path == "/redirect":
            to = urllib.parse.parse_qs(u.query).get("to", [""])[0]
            self.send_response(302)
            self.send_header("Location", to)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)

    def log_message(self, fmt, *args):
        sys.stderr.write("redirector: " + (fmt % args) + "\n")


def main():
    canary_port, log_path, redir_host, redir_port = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    threading.Thread(target=canary, args=(canary_port, log_path), daemon=True).start()
    http.server.ThreadingHTTPServer((redir_host, redir_port), Redirector).serve_forever()


if __name__ == "__main__":
    main()
