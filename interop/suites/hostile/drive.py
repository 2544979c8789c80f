#!/usr/bin/python3
"""Hostile requests against one Tributary instance, one class at a time (interop/suites/hostile.sh runs each class as a
check). Raw bytes on a fresh TLS connection per request, so nothing a client library normalises is lost.

    drive.py CLASS        CLASS: paths, writes, methods, headers, ranges, bodies, tokens, tpc, tpc-control

Environment: HOSTILE_ADDR (the gateway's address), HOSTILE_PORT (https), HOSTILE_HTTP_PORT (plain http),
HOSTILE_CA (CA file; the server certificate names 'localhost'), HOSTILE_TOKEN (a token with read, create and modify on
/), HOSTILE_CANARY (text of a file outside the area that no response may contain), HOSTILE_OUTSIDE (a directory outside
the area where nothing may appear), HOSTILE_CANARY_PORT, HOSTILE_REDIRECTOR (host:port of the allowed HTTP server).

Every class asserts, for every request: no 500 (an unexpected failure), no canary text in the answer, the expected
statuses where the class knows them, and bounded answer sizes. Exit 1 with one line per violation.
"""
import base64
import json
import os
import socket
import ssl
import sys
import urllib.parse
import xml.parsers.expat

ADDR = os.environ.get("HOSTILE_ADDR", "127.0.0.1")
PORT = int(os.environ.get("HOSTILE_PORT", "8443"))
HTTP_PORT = int(os.environ.get("HOSTILE_HTTP_PORT", "8080"))
CA = os.environ.get("HOSTILE_CA")
TOKEN = os.environ.get("HOSTILE_TOKEN", "")
CANARY = os.environ.get("HOSTILE_CANARY", "canary").encode()
OUTSIDE = os.environ.get("HOSTILE_OUTSIDE", "/nonexistent")
CANARY_PORT = int(os.environ.get("HOSTILE_CANARY_PORT", "8099"))
REDIRECTOR = os.environ.get("HOSTILE_REDIRECTOR", "203.0.113.9:8081")
MIB = 1 << 20

problems = []
sent = 0


def connect(tls=True, timeout=30):
    s = socket.create_connection((ADDR, PORT if tls else HTTP_PORT), timeout=timeout)
    if not tls:
        return s
    ctx = ssl.create_default_context(cafile=CA)
    return ctx.wrap_socket(s, server_hostname="localhost")


def raw(data, tls=True, limit=64 * MIB, timeout=60):
    """Send bytes, read the whole answer (the request says Connection: close). Returns (status, headers, body)."""
    global sent
    sent += 1
    s = connect(tls, timeout)
    try:
        s.sendall(data)
        buf = bytearray()
        while len(buf) <= limit:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, ssl.SSLError, socket.timeout):
                break
            if not chunk:
                break
            buf += chunk
    finally:
        s.close()
    head, _, body = bytes(buf).partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        status = 0    # closed without an answer
    headers = {}
    for l in lines[1:]:
        k, _, v = l.partition(b":")
        headers.setdefault(k.strip().lower().decode("latin-1"), v.strip().decode("latin-1"))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = dechunk(body)
    return status, headers, body


def dechunk(b):
    out, i = bytearray(), 0
    while i < len(b):
        j = b.find(b"\r\n", i)
        if j < 0:
            break
        try:
            n = int(b[i:j].split(b";")[0], 16)
        except ValueError:
            break
        if n == 0:
            break
        out += b[j + 2:j + 2 + n]
        i = j + 2 + n + 2
    return bytes(out)


def request(method, target, headers=(), body=b"", token=True, tls=True, **kw):
    h = [("Host", "localhost:%d" % (PORT if tls else HTTP_PORT)), ("Connection", "close")]
    if token and TOKEN:
        h.append(("Authorization", "Bearer " + TOKEN))
    h += list(headers)
    if body and not any(k.lower() in ("content-length", "transfer-encoding") for k, _ in h):
        h.append(("Content-Length", str(len(body))))
    head = "%s %s HTTP/1.1\r\n" % (method, target) + "".join("%s: %s\r\n" % kv for kv in h) + "\r\n"
    return raw(head.encode("latin-1") + body, tls=tls, **kw)


def judge(name, answer, expect=None, max_body=None):
    status, headers, body = answer
    if status == 500:
        problems.append("%s: 500 (%s)" % (name, body[:200]))
    if status == 503 and "retry-after" not in headers:
        problems.append("%s: 503 without Retry-After" % name)
    if CANARY in body:
        problems.append("%s: the answer contains the canary file outside the area" % name)
    if expect is not None and status not in expect:
        problems.append("%s: status %d, expected one of %s (%s)" % (name, status, sorted(expect), body[:160]))
    if max_body is not None and len(body) > max_body:
        problems.append("%s: answer of %d bytes, more than %d" % (name, len(body), max_body))
    return answer


def put(path, data):
    return request("PUT", path, [("Content-Type", "application/octet-stream")], data)


# ------------------------------------------------------------------------------------------------------------ classes
def paths():
    for t in ["/data/../canary.txt", "/data/%2e%2e/canary.txt", "/data/%2E%2E%2Fcanary.txt", "/data/%2fetc%2fpasswd",
              "/data/..%5c..%5ccanary.txt", "/data/%5c..%5ccanary.txt", "/data/%00", "/data/a%00b",
              "/data/%c0%ae%c0%ae/canary.txt", "/data/%e0%80%ae%e0%80%ae/canary.txt", "/data/%zz", "/data/%",
              "/data/%2", "/data/\\..\\canary.txt", "//data//..//canary.txt", "/data/./../canary.txt",
              "/data/%2e/x", "/data/link-out/canary.txt", "/data/link-out/", "/data/link-out",
              "/data/" + "a" * 5000, "/data/" + "a/" * 2000, "/data/%ff%fe", "/data/%ed%a0%80",
              "/data/\x7f", "/data/x?authz=", "http://evil.invalid/data/x", "*", "/data/#frag"]:
        for m in ("GET", "HEAD", "PROPFIND", "DELETE"):
            name = "%s %s" % (m, t[:60])
            if m == "DELETE" and "link-out" not in t and "canary" not in t:
                continue
            h = [("Depth", "1")] if m == "PROPFIND" else []
            judge(name, request(m, t, h), expect={200, 207, 204, 301, 400, 403, 404, 405, 414, 431})
    canary_file = os.path.join(OUTSIDE, "canary.txt")
    if not os.path.exists(canary_file):
        problems.append("DELETE through a link or dot segments removed %s" % canary_file)


def writes():
    before = set(os.listdir(OUTSIDE))
    for t in ["/data/link-out/new.txt", "/data/../new.txt", "/data/%2e%2e/new.txt", "/data/link-out/sub/new.txt"]:
        judge("PUT " + t, put(t, b"must not land outside"), expect={400, 403, 404, 409})
        judge("MKCOL " + t, request("MKCOL", t + "d"), expect={400, 403, 404, 405, 409})
    judge("PUT source", put("/data/hostile/src.txt", b"source"), expect={201, 200})
    for d in ["/data/link-out/copied.txt", "https://localhost:%d/data/../copied.txt" % PORT,
              "https://localhost:%d/data/%%2e%%2e/copied.txt" % PORT, "/data/../../copied.txt", "file:///tmp/x",
              "https://localhost:%d/data/link-out/moved.txt" % PORT]:
        for m in ("COPY", "MOVE"):
            judge("%s -> %s" % (m, d), request(m, "/data/hostile/src.txt", [("Destination", d)]),
                  expect={400, 403, 404, 409, 502})
    after = set(os.listdir(OUTSIDE))
    if after - before:
        problems.append("writes landed outside the area: %s" % sorted(after - before))
    judge("DELETE the source", request("DELETE", "/data/hostile/src.txt"), expect={204})


def methods():
    for m in ["TRACE", "CONNECT", "PATCH", "FOO", "get", "LOCK", "UNLOCK", "SEARCH", "BIND", "M" * 3000, "GET\x00"]:
        t = "localhost:1" if m == "CONNECT" else "/data/"
        # Jetty answers CONNECT with 400 but keeps the connection until the idle timeout: read the status, not the close.
        judge("method " + m[:20], request(m, t, timeout=5), expect={400, 405, 501, 414, 431})


def headers():
    t = "/data/"
    judge("two Authorization headers", request("GET", t, [("Authorization", "Bearer " + TOKEN)]), expect={400})
    judge("header and query token", request("GET", t + "?authz=" + urllib.parse.quote(TOKEN)), expect={400})
    judge("two query tokens", request("GET", t + "?authz=a&authz=" + urllib.parse.quote(TOKEN), token=False),
          expect={400})
    judge("64 KiB header", request("GET", t, [("X-Big", "a" * 65536)]), expect={431, 400})
    judge("1000 headers", request("GET", t, [("X-H%d" % i, "v") for i in range(1000)]), expect={431, 400})
    smuggle = ("POST /data/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n"
               "Connection: close\r\n\r\n0\r\n\r\nGET /data/../canary.txt HTTP/1.1\r\nHost: localhost\r\n\r\n")
    judge("CL + TE", raw(smuggle.encode()), expect={400, 401, 405, 501})
    for cl in ["-1", "abc", "1, 2", "99999999999999999999999"]:
        judge("Content-Length " + cl, request("PUT", "/data/hostile/cl.txt", [("Content-Length", cl)]),
              expect={400, 413})
    judge("two different Content-Length",
          raw(b"PUT /data/hostile/cl.txt HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n"
              b"Connection: close\r\nAuthorization: Bearer " + TOKEN.encode() + b"\r\n\r\nab"), expect={400})
    judge("no Host", raw(b"GET /data/ HTTP/1.1\r\nConnection: close\r\n\r\n"), expect={400})
    judge("folded header", raw(b"GET /data/ HTTP/1.1\r\nHost: localhost\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n"),
          expect={400, 401})
    judge("NUL in a header", raw(b"GET /data/ HTTP/1.1\r\nHost: localhost\r\nX-A: a\x00b\r\nConnection: close\r\n\r\n"),
          expect={400, 401})
    judge("bad chunk size", raw(b"PUT /data/hostile/ch.txt HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                                b"Authorization: Bearer " + TOKEN.encode() + b"\r\nConnection: close\r\n\r\nzz\r\nab\r\n"),
          expect={400})
    judge("HTTP/0.9", raw(b"GET /data/\r\n"), expect={0, 400, 505})
    judge("HTTP/2.0 on a 1.1 head", raw(b"GET /data/ HTTP/2.0\r\nHost: localhost\r\n\r\n"), expect={0, 400, 426, 505})
    leftovers = [n for n in ("cl.txt", "ch.txt") if request("HEAD", "/data/hostile/" + n)[0] != 404]
    if leftovers:
        problems.append("refused uploads left files: %s" % leftovers)


def ranges():
    size = MIB
    judge("PUT 1 MiB", put("/data/hostile/range.bin", os.urandom(size)), expect={200, 201})
    cap = size + 256 * 1024     # the file plus multipart framing
    many = ",".join(["0-%d" % (size - 1)] * 200)
    for spec in [many, ",".join("%d-%d" % (i, i + 4095) for i in range(0, 200 * 4096, 2048)),
                 ",".join("%d-%d" % (i, i) for i in range(0, 4000)), ",".join(["-%d" % size] * 100),
                 "0-0,-1," * 300 + "0-", "bytes=-0", "5-2", "abc", "-", "0-,0-,0-,0-,0-",
                 "%d-" % size, "0-99999999999999999999", ",,,,"]:
        value = spec if spec.startswith("bytes") else "bytes=" + spec
        judge("Range " + value[:50], request("GET", "/data/hostile/range.bin", [("Range", value)]),
              expect={200, 206, 400, 416, 431}, max_body=cap)
    judge("DELETE range.bin", request("DELETE", "/data/hostile/range.bin"), expect={204})


XXE = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://%s/canary.txt">]>'
       '<D:propfind xmlns:D="DAV:"><D:prop><D:displayname>&x;</D:displayname></D:prop></D:propfind>')
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' +
          "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(9)) +
          ']><D:propfind xmlns:D="DAV:"><D:prop><D:displayname>&j;</D:displayname></D:prop></D:propfind>')


def bodies():
    judge("MKCOL props", request("MKCOL", "/data/hostile-props/"), expect={201, 405})
    judge("PUT f", put("/data/hostile-props/f.txt", b"x"), expect={200, 201})
    judge("PROPFIND XXE", request("PROPFIND", "/data/", [("Depth", "0"), ("Content-Type", "application/xml")],
                                  (XXE % OUTSIDE).encode()), expect={207, 400})
    judge("PROPFIND billion laughs", request("PROPFIND", "/data/", [("Depth", "0")], LAUGHS.encode()),
          expect={207, 400, 413})
    judge("PROPFIND 8 MiB body", request("PROPFIND", "/data/", [("Depth", "0")], b"<" * (8 * MIB)),
          expect={400, 413})
    judge("PROPFIND not XML", request("PROPFIND", "/data/", [("Depth", "0")], b"\xff\xfe\x00garbage"), expect={400})
    for i, ns in enumerate(['urn:a"b', "urn:<x>&amp;", "urn:{braces}", "urn:a b=c", "", "urn:\u00e9t\u00e9",
                            "urn:x:y:z", "urn:new\nline"]):
        doc = ('<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="%s"><D:set><D:prop>'
               '<Z:p%d>v&lt;&amp;&quot;%d</Z:p%d></D:prop></D:set></D:propertyupdate>'
               % (ns.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;").replace("\n", "&#10;"),
                  i, i, i))
        judge("PROPPATCH ns %r" % ns, request("PROPPATCH", "/data/hostile-props/f.txt", [], doc.encode("utf-8")),
              expect={207, 400, 403})
    for depth in ("0", "1"):
        status, _, body = judge("PROPFIND allprop depth " + depth,
                                request("PROPFIND", "/data/hostile-props/", [("Depth", depth)]), expect={207})
        try:
            # Plain expat: well-formedness only. ElementTree cannot hold a namespace with braces (its {ns}name form).
            xml.parsers.expat.ParserCreate().Parse(body, True)
        except xml.parsers.expat.ExpatError as e:
            problems.append("PROPFIND depth %s after hostile PROPPATCH is not well-formed XML: %s" % (depth, e))
    judge("DELETE props", request("DELETE", "/data/hostile-props/"), expect={204})


def b64(obj):
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def tokens():
    parts = TOKEN.split(".")
    claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    forged = dict(claims, scope="storage.read:/ storage.create:/ storage.modify:/", sub="mallory")
    bad = {
        "alg none": b64({"alg": "none", "typ": "JWT"}) + "." + b64(forged) + ".",
        "HS256 with garbage key": b64({"alg": "HS256", "typ": "JWT"}) + "." + b64(forged) + "." + b64("x"),
        "claims swapped": parts[0] + "." + b64(forged) + "." + parts[2],
        "expired claims": parts[0] + "." + b64(dict(claims, exp=1)) + "." + parts[2],
        "signature cut": parts[0] + "." + parts[1] + "." + parts[2][:-10],
        "garbage": "not-a-token",
        "100 KiB": "a" * 102400,
        "empty": "",
        "crlf": "abc\r\nX-Injected: 1",
    }
    for name, tok in bad.items():
        for m, t in (("GET", "/data/"), ("PUT", "/data/hostile/forged.txt")):
            head = ("%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer %s\r\n"
                    "Content-Length: 1\r\n\r\nx" % (m, t, tok)).encode("latin-1")
            judge("token %s %s" % (name, m), raw(head), expect={400, 401, 431})
    evil = os.environ.get("HOSTILE_EVIL_TOKEN", "")
    if not evil:
        problems.append("no token with line breaks in its claims was minted (see mint.log)")
    else:
        # Signed by the trusted key: it authenticates; what matters is the access-log line (checked by the suite).
        judge("token whose sub holds CR LF", request("GET", "/data/", token=False,
                                                      headers=[("Authorization", "Bearer " + evil)]), expect={200})
        judge("same, with a user agent holding CR LF escapes",
              request("GET", "/data/%0d%0a", token=False, headers=[("Authorization", "Bearer " + evil),
                                                                   ("User-Agent", "a\x1b[2Jb\x7f")]),
              expect={400, 404})
    judge("Basic credentials", request("GET", "/data/", [("Authorization", "Basic YTpi")], token=False),
          expect={400, 401})
    judge("a valid token over plain http off loopback", request("GET", "/data/", tls=False), expect={400, 401, 403})
    if request("HEAD", "/data/hostile/forged.txt")[0] != 404:
        problems.append("a forged token stored /data/hostile/forged.txt")


# Every form of an address the guard must refuse; each is configured on the namespace's loopback with the canary
# listening behind it, so a form the guard lets through connects and is logged.
REFUSED_HOSTS = ["10.77.0.1", "169.254.169.254", "192.168.77.1", "172.16.77.1", "100.64.77.1", "127.0.0.1",
                 "[::1]", "[fd00:ec2::254]", "[fc00::77]",
                 "[::ffff:10.77.0.1]", "[::ffff:a4d:1]", "[0:0:0:0:0:ffff:10.77.0.1]", "[0000::ffff:0a4d:0001]",
                 "[64:ff9b::10.77.0.1]", "[64:ff9b::a4d:1]", "[64:ff9b:1::a4d:1]", "[::10.77.0.1]",
                 "[2002:a4d:1::1]", "[2001:0:4136:e378:8000:63bf:f5b2:fffe]",
                 "canary-v4.hostile.test", "canary-nat64.hostile.test", "canary-6to4.hostile.test",
                 "canary-mapped.hostile.test", "localhost"]


def tpc_copy(headers, target):
    return request("COPY", target, headers + [("Credential", "none"), ("TransferHeaderConnection", "close")],
                   timeout=120)


def tpc_refused(name, answer, before_202=True):
    """A remote named in the request is refused before the 202 (the guard checks it first); a redirect hop can only be
    refused once the copy runs, so there a 202 ending in a failure line is right."""
    status, _, body = answer
    if status == 202 and not before_202 and b"failure" in body and b"success" not in body:
        return
    judge(name, answer, expect={400, 403})


def tpc():
    judge("PUT push source", put("/data/hostile/push.txt", b"push me"), expect={200, 201})
    for h in REFUSED_HOSTS:
        url = "http://%s:%d/x" % (h, CANARY_PORT)
        tpc_refused("pull from " + url, tpc_copy([("Source", url)], "/data/hostile/pulled.txt"))
        tpc_refused("push to " + url, tpc_copy([("Destination", url)], "/data/hostile/push.txt"))
        hop = "http://%s/redirect?to=%s" % (REDIRECTOR, urllib.parse.quote(url, safe=""))
        tpc_refused("pull redirected to " + url, tpc_copy([("Source", hop)], "/data/hostile/pulled.txt"), False)
    if request("HEAD", "/data/hostile/pulled.txt")[0] != 404:
        problems.append("a refused pull left /data/hostile/pulled.txt")
    judge("DELETE push source", request("DELETE", "/data/hostile/push.txt"), expect={204})


def tpc_control():
    """The positive control: a pull from the allowed redirector works, so the refusals above are the guard's."""
    judge("MKCOL /data/hostile/", request("MKCOL", "/data/hostile/"), expect={201, 405})
    status, _, body = tpc_copy([("Source", "http://%s/ok" % REDIRECTOR)], "/data/hostile/control.txt")
    if status != 202 or b"success" not in body:
        problems.append("pull from the allowed server failed: %d %s" % (status, body[-300:]))
    status, _, body = request("GET", "/data/hostile/control.txt")
    if status != 200 or body != b"hostile-suite positive control\n":
        problems.append("the pulled control file reads %d %r" % (status, body[:80]))
    request("DELETE", "/data/hostile/control.txt")


def main():
    cls = sys.argv[1]
    {"paths": paths, "writes": writes, "methods": methods, "headers": headers, "ranges": ranges, "bodies": bodies,
     "tokens": tokens, "tpc": tpc, "tpc-control": tpc_control}[cls]()
    # The server is still there and answers a plain request.
    if request("HEAD", "/data/")[0] not in (200, 204):
        problems.append("the gateway no longer answers HEAD /data/ after the %s class" % cls)
    print("%s: %d requests, %d problems" % (cls, sent, len(problems)))
    for p in problems:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
