#!/usr/bin/env bash
# hostile: what an attacker sends, against the built jar, with the gateway in a network namespace of its own
# (issue 15, "Keep it found"). The namespace has only a loopback interface holding:
#   10.77.0.2         the gateway (https 8443, http 8080): a non-loopback bind, so deny-by-default applies
#   203.0.113.9       an HTTP server the TPC guard allows (TEST-NET-3): the positive control and a redirect hop
#   10.77.0.1 ...     every address the guard must refuse, in every IPv4 and IPv6 spelling (mapped, NAT64, 6to4,
#                     Teredo, IPv4-compatible, link-local metadata, private, loopback), with a canary listener behind
#                     them on port 8099: a connection the guard let through succeeds and is logged.
# and /etc/netns/NAME/hosts, which `ip netns exec` mounts over /etc/hosts, maps names to refused addresses.
# Classes (interop/suites/hostile/drive.py): paths, writes, methods, headers, ranges, bodies, tokens, tpc; after them,
# the canary log must be empty and every access-log line must be one well-formed line.
# Needs root (network namespaces), iproute2, Debian's python3 and the jar; run-all runs it once (not per backend).
source "$(dirname "$0")/../lib.sh"
iop_suite_begin hostile
here=$(cd "$(dirname "$0")" && pwd)
jar=${IOP_JAR:-$IOP_TOP/packaging/target/tributary.jar}
if [ "$(id -u)" -ne 0 ]; then
  skip "hostile suite" "needs root for its network namespace (CI runs as root)"; iop_suite_end; exit
fi
# shellcheck source=/dev/null
source "$IOP_TOP/bin/find-jdk" >/dev/null 2>&1 || true
if [ -z "${IOP_TLS_CERT:-}" ] || [ -z "${IOP_CA_PEM:-}" ]; then
  iop_make_ca "$IOP_WORK/ca" || iop_die "cannot make a test CA"
  IOP_CA_PEM="$IOP_WORK/ca/ca.pem" IOP_TLS_CERT="$IOP_WORK/ca/host.pem" IOP_TLS_KEY="$IOP_WORK/ca/hostkey.pem"
fi

NS="trib-hostile-$$"
W=$IOP_WORK/gw
mkdir -p "$W/area" "$W/outside"
CANARY_TEXT="hostile canary outside the area $IOP_RUN $RANDOM"
printf '%s\n' "$CANARY_TEXT" > "$W/outside/canary.txt"
ln -s "$W/outside" "$W/area/link-out"     # a link in the area that leads out of it: must never be followed
CANARY_LOG=$W/canary.log; : > "$CANARY_LOG"
PIDS=()
in_ns() { ip netns exec "$NS" "$@"; }

cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do iop_wait_exit "$p" 15 || kill -KILL "$p" 2>/dev/null; done
  ip netns del "$NS" 2>/dev/null; rm -rf "/etc/netns/$NS"
}
trap cleanup EXIT

REFUSED_V4=(10.77.0.1 169.254.169.254 192.168.77.1 172.16.77.1 100.64.77.1)
REFUSED_V6=(fd00:ec2::254 fc00::77 64:ff9b::a4d:1 64:ff9b:1::a4d:1 ::a4d:1 2002:a4d:1::1
            2001:0:4136:e378:8000:63bf:f5b2:fffe)
t_netns() {
  ip netns add "$NS"
  in_ns ip link set lo up
  local a
  for a in 10.77.0.2 203.0.113.9 "${REFUSED_V4[@]}"; do in_ns ip addr add "$a/32" dev lo; done
  for a in "${REFUSED_V6[@]}"; do in_ns ip -6 addr add "$a/128" dev lo nodad; done
  mkdir -p "/etc/netns/$NS"
  cat > "/etc/netns/$NS/hosts" <<HOSTS
127.0.0.1 localhost
::1 localhost
10.77.0.1 canary-v4.hostile.test
64:ff9b::a4d:1 canary-nat64.hostile.test
2002:a4d:1::1 canary-6to4.hostile.test
::ffff:10.77.0.1 canary-mapped.hostile.test
HOSTS
  in_ns ip addr show dev lo
}
check "network namespace with the refused addresses on its loopback" t_netns

# Servers start here, not inside `check` (which runs its command in a subshell whose PIDs would be lost).
# `ip netns exec` itself, not the in_ns function: a backgrounded function is a subshell, and $! would not be the server.
ip netns exec "$NS" /usr/bin/python3 "$here/hostile/listeners.py" 8099 "$CANARY_LOG" 203.0.113.9 8081 >"$W/listeners.log" 2>&1 &
PIDS+=($!)
t_listeners() {
  local deadline=$((SECONDS + 10))
  until in_ns curl -sf -o /dev/null --max-time 2 http://203.0.113.9:8081/ok; do
    [ $SECONDS -lt $deadline ] || { cat "$W/listeners.log"; return 1; }
    sleep 0.2
  done
  # The canary really catches a connection (else an empty log would prove nothing); then start it empty.
  in_ns curl -s -o /dev/null --max-time 2 "http://[64:ff9b::a4d:1]:8099/" || true
  grep -q 'CONNECT' "$CANARY_LOG" || { echo "the canary saw no connection from curl"; return 1; }
  : > "$CANARY_LOG"
}
check "canary and allowed HTTP server listen in the namespace" t_listeners

CFG=$W/config.yaml
cat > "$CFG" <<YAML
# written by interop/suites/hostile.sh
server:
  bind: 10.77.0.2
  http: { port: 8080 }
  https: { port: 8443, certificate: $IOP_TLS_CERT, key: $IOP_TLS_KEY }
  access-log: $W/access.log
tpc:
  marker-interval: 1s
  connect-timeout: 5s
  idle-timeout: 20s
token-issuers:
  - { name: dev, issuer: https://dev.tributary.invalid, jwks-file: $W/dev-issuer/jwks.json, audiences: [hostile-suite] }
storage-areas:
  - name: data
    access-points: [/data]
    backend: { type: posix, root: $W/area }
    anonymous: none
YAML
# A dev issuer (keys on this machine, tokens from `tributary dev-token`) is allowed only on a loopback bind, so the
# tokens are minted with a loopback configuration of the same issuer; the gateway trusts its pinned JWKS file.
mkdir -p "$W/mint"
cat > "$W/mint/config.yaml" <<YAML
server: { bind: 127.0.0.1, http: { port: 1 } }
token-issuers:
  - { name: dev, issuer: https://dev.tributary.invalid, dev: true, jwks-file: $W/dev-issuer/jwks.json,
      audiences: [hostile-suite] }
storage-areas:
  - { name: data, access-points: [/data], backend: { type: posix, root: $W/area }, anonymous: none }
YAML
TOKEN=$(java -jar "$jar" dev-token --config "$W/mint/config.yaml" --aud hostile-suite --sub hostile \
          --scope "storage.read:/ storage.create:/ storage.modify:/" 2>"$W/mint.log") || TOKEN=
[ -n "$TOKEN" ] || cat "$W/mint.log" >&2
# A validly signed token whose claims carry line breaks and terminal escapes: the access log must not break its lines.
EVIL_TOKEN=$(java -jar "$jar" dev-token --config "$W/mint/config.yaml" --aud hostile-suite \
          --sub $'mallory\r\n2026-01-01T00:00:00Z 127.0.0.1 "GET /forged" 200\e[31m' --group $'/escape\n/forged' \
          --scope "storage.read:/" 2>>"$W/mint.log") || EVIL_TOKEN=

ip netns exec "$NS" java -Xmx256m -jar "$jar" serve --config "$CFG" >"$W/gateway.log" 2>&1 &
GW=$!; PIDS+=("$GW")
t_gateway() {
  local deadline=$((SECONDS + 40)) code
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$GW" 2>/dev/null || { tail -n 30 "$W/gateway.log"; return 1; }
    code=$(in_ns curl -s -o /dev/null -w '%{http_code}' --max-time 2 --cacert "$IOP_CA_PEM" \
             --resolve localhost:8443:10.77.0.2 https://localhost:8443/data/ || true)
    [ "$code" = 401 ] && return 0     # deny by default off loopback: no token, no access
    sleep 0.3
  done
  echo "no 401 from the gateway within 40 s (last: $code)"; tail -n 30 "$W/gateway.log"; return 1
}
check "gateway starts in the namespace and refuses anonymous callers" t_gateway

export HOSTILE_ADDR=10.77.0.2 HOSTILE_PORT=8443 HOSTILE_HTTP_PORT=8080 HOSTILE_CA=$IOP_CA_PEM HOSTILE_TOKEN=$TOKEN
export HOSTILE_EVIL_TOKEN=$EVIL_TOKEN
export HOSTILE_CANARY=$CANARY_TEXT HOSTILE_OUTSIDE=$W/outside HOSTILE_CANARY_PORT=8099 HOSTILE_REDIRECTOR=203.0.113.9:8081
drive() { in_ns /usr/bin/python3 "$here/hostile/drive.py" "$1"; }

check "a third-party copy from an allowed server works (positive control)" drive tpc-control
for c in paths writes methods headers ranges bodies tokens tpc; do
  check "hostile $c: no 500, no escape, expected refusals" drive "$c"
done
check "no connection reached a refused address (canary log empty)" \
  sh -c '[ ! -s "$1" ] || { echo "connections the TPC guard let through:"; cat "$1"; exit 1; }' _ "$CANARY_LOG"
# Log injection: every access-log line starts with a timestamp (a CR or LF from a path, a header or a token claim
# would start a line of its own), and no line holds a control character.
check "access log: one well-formed line per request" sh -c '
  n=$(wc -l <"$1"); [ "$n" -gt 100 ] || { echo "only $n access-log lines"; exit 1; }
  bad=$(LC_ALL=C grep -nvE "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]+ " "$1" | head -n 5)
  ctl=$(LC_ALL=C grep -nP "[\x00-\x08\x0b-\x1f\x7f]" "$1" | head -n 5)
  forged=$(grep -n "^2026-01-01T00:00:00Z" "$1" | head -n 5)     # the line a token claim tried to add
  [ -z "$bad$ctl$forged" ] || { echo "malformed lines:"; printf "%s\n%s\n%s\n" "$bad" "$ctl" "$forged"; exit 1; }' _ "$W/access.log"
t_alive() { kill -0 "$GW" && ! grep -q 'OutOfMemoryError' "$W/gateway.log"; }
check "gateway still running, no OutOfMemoryError" t_alive
# Stopped here, not inside `check`: only the shell that started the gateway can collect its exit status.
t0=$SECONDS; kill -TERM "$GW" 2>/dev/null
if iop_wait_exit "$GW" 15 && { [ "$IOP_EXIT_STATUS" = 0 ] || [ "$IOP_EXIT_STATUS" = 143 ]; }; then
  iop_record PASS "gateway stops cleanly on SIGTERM" $((SECONDS - t0))
else
  iop_record FAIL "gateway stops cleanly on SIGTERM" $((SECONDS - t0)) "exit ${IOP_EXIT_STATUS:-none}: $(tail -n 20 "$W/gateway.log")"
fi
iop_suite_end
