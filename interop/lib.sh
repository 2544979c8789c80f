# shellcheck shell=bash
# interop/lib.sh: shared by interop/run-all and every suite under interop/suites/.
#
#   iop_env                       make the environment explicit (no proxies, no ambient CA store, Debian python for gfal)
#   iop_make_ca DIR               test CA (unique CN per run) + host cert for 127.0.0.1/localhost; DIR/certs is hashed
#   iop_gw_start DIR [JAR]        start a Tributary instance on ephemeral loopback ports (areas /data and /strict)
#   iop_gw_stop                   SIGTERM it and check that it exits cleanly
#   check NAME cmd...             run cmd (bounded in time, in a `set -e` subshell); record pass/fail, show output on failure
#   skip NAME REASON              record a skipped check
#   iop_summary [LABEL]           print "LABEL: N passed, N failed[, N skipped]"; returns 1 when something failed
#   req METHOD URL [curl args]    one curl request; sets REQ_STATUS, REQ_HDRS (file), REQ_BODY (file); prints the trace
#   want_status CODE...           assert REQ_STATUS is one of CODE...
#   want_header NAME REGEX        assert a response header matches (case-insensitive name, extended regex on the value)
#   adler32_of FILE               adler32 computed independently of the server (python3 zlib), %08x
#   gfal gfal-CMD ARGS...         run a gfal-* tool with a debug log and print the HTTP exchange davix logged
#   run CMD...                    echo a command line (to stderr), then run it
#
# Suites are plain bash scripts that `source` this file and read their targets from the environment, so the same suite
# runs against any storage area (POSIX today, S3 later):
#   IOP_URL         base URL of a read-write area whose PUT creates missing parents, plain http   (e.g. http://127.0.0.1:P/data)
#   IOP_URL_TLS     the same area over https                                                       (e.g. https://127.0.0.1:Q/data)
#   IOP_URL_STRICT  base URL of an area with strict RFC 4918 PUT (409 for a missing parent), http
#   IOP_CA_PEM      the test CA certificate (PEM file);  IOP_CA_DIR  a hashed directory holding it (X509_CERT_DIR / --capath)
#   IOP_WORK        scratch directory for the suite;     IOP_RUN     a short id unique to this run (used in remote names)
#   IOP_RESULTS     file the results are appended to (run-all sets it; a suite run alone makes its own)

IOP_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
IOP_TOP="$(cd "$IOP_HOME/.." && pwd)"
: "${IOP_CHECK_TIMEOUT:=180}"     # seconds, per check
: "${IOP_CURL_TIMEOUT:=30}"       # seconds, per curl request

# ---------------------------------------------------------------------------------------------------------------- env
iop_env() {
  # Loopback only, and trust only what each test passes explicitly (a developer's machine may have all of these set).
  unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
  export no_proxy='127.0.0.1,localhost,::1' NO_PROXY='127.0.0.1,localhost,::1'
  unset SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE REQUESTS_CA_BUNDLE X509_CERT_DIR X509_USER_PROXY X509_USER_CERT X509_USER_KEY
  unset BEARER_TOKEN BEARER_TOKEN_FILE AWS_CA_BUNDLE
  # The gfal-* scripts must run with Debian's python (python3-gfal2 is built for it); a pyenv python3 may shadow it.
  export GFAL_PYTHONBIN=/usr/bin/python3
  export LC_ALL=C.UTF-8
  : "${IOP_RUN:=$(date +%H%M%S)-$$}"
  export IOP_RUN
}

iop_log() { printf '%s\n' "$*" >&2; }
iop_die() { printf 'interop: %s\n' "$*" >&2; exit 2; }

# A free TCP port on 127.0.0.1 (the kernel picks it; tiny race before the server binds it, start retries once).
iop_free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# iop_two_free_ports: HP and SP, two distinct free loopback ports (a suite's own gateway: plain http and https).
iop_two_free_ports() {
  HP=$(iop_free_port); SP=$(iop_free_port)
  while [ "$SP" = "$HP" ]; do SP=$(iop_free_port); done
}

# iop_server_yaml HTTP-PORT HTTPS-PORT DIR: the server section of a suite's own gateway on loopback (the test host
# certificate; access log DIR/access.log).
iop_server_yaml() {
  cat <<YAML
server:
  bind: 127.0.0.1
  http: { port: $1 }
  https: { port: $2, certificate: $IOP_TLS_CERT, key: $IOP_TLS_KEY }
  access-log: $3/access.log
YAML
}

# ----------------------------------------------------------------------------------------------------------- test CA
# iop_make_ca DIR: DIR/ca.pem, DIR/ca.key, DIR/host.pem (SAN 127.0.0.1, ::1, localhost), DIR/hostkey.pem (PKCS#8),
# DIR/certs/ = ca.pem + <subject_hash>.0 link (gfal2 X509_CERT_DIR, davix --capath). Two test CAs with the same subject
# confuse OpenSSL, so the CN carries the run id.
# iop_use_ca: the run's test CA (run-all made it) or, for a suite run alone, one of its own in IOP_WORK/ca; sets the
# IOP_CA_* and IOP_TLS_* variables and exports X509_CERT_DIR (gfal2's trust).
iop_use_ca() {
  if [ -z "${IOP_CA_DIR:-}" ] || [ -z "${IOP_TLS_CERT:-}" ]; then
    iop_make_ca "$IOP_WORK/ca" || iop_die "cannot make a test CA"
    IOP_CA_DIR="$IOP_WORK/ca/certs" IOP_CA_PEM="$IOP_WORK/ca/ca.pem"
    IOP_TLS_CERT="$IOP_WORK/ca/host.pem" IOP_TLS_KEY="$IOP_WORK/ca/hostkey.pem"
  fi
  export X509_CERT_DIR=$IOP_CA_DIR
}

iop_make_ca() {
  local d=$1 cn="Tributary interop CA ${IOP_RUN:-$$}-$RANDOM"
  mkdir -p "$d/certs"
  (
    set -e
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -sha256 \
      -subj "/O=Tributary interop/CN=$cn" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
    openssl req -newkey rsa:2048 -nodes -keyout hostkey.pem -out host.csr -subj "/O=Tributary interop/CN=localhost"
    printf '%s\n' 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost' 'basicConstraints=critical,CA:FALSE' \
      'keyUsage=critical,digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth,clientAuth' > host.ext
    openssl x509 -req -in host.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out host.pem -days 2 -sha256 -extfile host.ext
    cp ca.pem certs/tributary-interop-ca.pem
    openssl rehash certs
    chmod 600 ca.key hostkey.pem
  ) >"$d/openssl.log" 2>&1 || { cat "$d/openssl.log" >&2; return 1; }
  ls "$d"/certs/*.0 >/dev/null 2>&1 || { iop_log "openssl rehash made no hash link in $d/certs"; return 1; }
}

# ----------------------------------------------------------------------------------------------------------- gateway
# iop_gw_write_config FILE DIR: the interop configuration (areas /data and /strict under DIR) for IOP_HTTP_PORT,
# IOP_HTTPS_PORT, IOP_TLS_CERT and IOP_TLS_KEY.
iop_gw_write_config() {
  local dir=$2
  cat > "$1" <<EOF
# written by interop/lib.sh for one interop run
server:
  bind: 127.0.0.1
  http: { port: $IOP_HTTP_PORT }
  https: { port: $IOP_HTTPS_PORT, certificate: $IOP_TLS_CERT, key: $IOP_TLS_KEY }
storage-areas:
  - name: data
    access-points: [/data]
    backend: { type: posix, root: $dir/data }
    anonymous: read-write
  - name: strict
    access-points: [/strict]
    backend: { type: posix, root: $dir/strict }
    anonymous: read-write
    put-creates-parents: false
EOF
}

# iop_gw_start DIR [JAR]: DIR gets data/, strict/, config.yaml, gateway.log and a canary file *outside* both area roots
# (DIR/canary-outside-area.txt) that path attacks must never reach. Needs IOP_TLS_CERT and IOP_TLS_KEY (iop_make_ca's
# host.pem and hostkey.pem) and java >= 21 on PATH. Exports IOP_GW_PID, IOP_HTTP_PORT, IOP_HTTPS_PORT, IOP_GW_LOG.
iop_gw_start() {
  local dir=$1 jar=${2:-$IOP_TOP/packaging/target/tributary.jar} attempt
  [ -f "$jar" ] || { iop_log "no gateway jar at $jar (run bin/build)"; return 1; }
  command -v java >/dev/null || { iop_log "no java on PATH (source bin/find-jdk)"; return 1; }
  mkdir -p "$dir/data" "$dir/strict"
  printf 'canary outside every area: %s\n' "$IOP_RUN" > "$dir/canary-outside-area.txt"
  IOP_GW_LOG="$dir/gateway.log"
  for attempt in 1 2; do
    IOP_HTTP_PORT=$(iop_free_port); IOP_HTTPS_PORT=$(iop_free_port)
    while [ "$IOP_HTTPS_PORT" = "$IOP_HTTP_PORT" ]; do IOP_HTTPS_PORT=$(iop_free_port); done
    iop_gw_write_config "$dir/config.yaml" "$dir"
    # -Xmx256m: the large-file suite moves a 256 MiB file; a server that buffers whole files fails it loudly.
    (cd "$dir" && exec java ${IOP_JAVA_OPTS:--Xmx256m} -jar "$jar" serve --config "$dir/config.yaml") >>"$IOP_GW_LOG" 2>&1 &
    IOP_GW_PID=$!
    export IOP_GW_PID IOP_HTTP_PORT IOP_HTTPS_PORT IOP_GW_LOG
    # readiness (docs/configuration.md, health): started, and every area's storage answers its probe
    if iop_wait_ready "http://127.0.0.1:$IOP_HTTP_PORT/health/ready" "$IOP_GW_PID" 30; then return 0; fi
    iop_log "gateway not ready on port $IOP_HTTP_PORT (attempt $attempt); log tail:"; tail -n 30 "$IOP_GW_LOG" >&2
    kill -TERM "$IOP_GW_PID" 2>/dev/null; iop_wait_exit "$IOP_GW_PID" 10 || kill -KILL "$IOP_GW_PID" 2>/dev/null
    grep -qi 'address already in use' "$IOP_GW_LOG" || return 1
  done
  return 1
}

# iop_nginx_start DIR: the same layout served by nginx WebDAV: a reference peer to tell a harness or client problem from a
# server one (`interop/run-all --target nginx`). nginx is not a full DAV server: no Want-Digest, no quota, PUT always
# creates parents, litmus props fail. Exports the same variables as iop_gw_start.
iop_nginx_start() {
  local dir=$1 mod=/usr/lib/nginx/modules/ngx_http_dav_ext_module.so
  command -v nginx >/dev/null || { iop_log "nginx is not installed (nginx-extras)"; return 1; }
  mkdir -p "$dir/data" "$dir/strict" "$dir/nginx-tmp"
  printf 'canary outside every area: %s\n' "$IOP_RUN" > "$dir/canary-outside-area.txt"
  IOP_GW_LOG="$dir/gateway.log"; IOP_HTTP_PORT=$(iop_free_port); IOP_HTTPS_PORT=$(iop_free_port)
  cat > "$dir/nginx.conf" <<EOF
load_module $mod;
user root root;
worker_processes 1;
pid $dir/nginx.pid;
error_log $IOP_GW_LOG info;
events { worker_connections 256; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/nginx-tmp;
  client_max_body_size 0;
  server {
    listen 127.0.0.1:$IOP_HTTP_PORT;
    listen 127.0.0.1:$IOP_HTTPS_PORT ssl;
    ssl_certificate $IOP_TLS_CERT; ssl_certificate_key $IOP_TLS_KEY;
    location /data/   { alias $dir/data/;   dav_methods PUT DELETE MKCOL COPY MOVE; dav_ext_methods PROPFIND OPTIONS;
                        create_full_put_path on;  autoindex on; }
    location /strict/ { alias $dir/strict/; dav_methods PUT DELETE MKCOL COPY MOVE; dav_ext_methods PROPFIND OPTIONS;
                        create_full_put_path off; autoindex on; }
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$IOP_GW_LOG" -g 'daemon off;' >>"$IOP_GW_LOG" 2>&1 &
  IOP_GW_PID=$!
  export IOP_GW_PID IOP_HTTP_PORT IOP_HTTPS_PORT IOP_GW_LOG
  iop_wait_ready "http://127.0.0.1:$IOP_HTTP_PORT/data/" "$IOP_GW_PID" 30
}

# iop_wait_ready URL PID SECS: poll HEAD URL until 200 while PID lives.
iop_wait_ready() {
  local url=$1 pid=$2 secs=$3 deadline=$((SECONDS + $3))
  while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -sfI --max-time 2 -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# iop_wait_exit PID SECS: wait for a child to exit; its status lands in IOP_EXIT_STATUS.
iop_wait_exit() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && return 1
  wait "$pid" 2>/dev/null; IOP_EXIT_STATUS=$?
  return 0
}

# iop_gw_stop: SIGTERM; clean means it exits within 15 s with status 0 or 143 (128+SIGTERM, the JVM default).
iop_gw_stop() {
  [ -n "${IOP_GW_PID:-}" ] || return 0
  local pid=$IOP_GW_PID; IOP_GW_PID=
  kill -TERM "$pid" 2>/dev/null || { echo "gateway (pid $pid) was not running at stop time"; return 1; }
  if ! iop_wait_exit "$pid" 15; then
    echo "gateway (pid $pid) still running 15 s after SIGTERM; killing it"; kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    return 1
  fi
  case $IOP_EXIT_STATUS in
    0|143) return 0 ;;
    *) echo "gateway exited with status $IOP_EXIT_STATUS after SIGTERM; log tail:"; tail -n 20 "$IOP_GW_LOG"; return 1 ;;
  esac
}

# ------------------------------------------------------------------------------------------------------ check / skip
# Results: one line per check in $IOP_RESULTS, "PASS|FAIL|SKIP<TAB>suite/name<TAB>seconds".
iop_results_init() {
  if [ -z "${IOP_RESULTS:-}" ]; then
    IOP_RESULTS=$(mktemp "${TMPDIR:-/tmp}/iop-results.XXXXXX"); IOP_OWN_RESULTS=1
  fi
  export IOP_RESULTS
}

# check NAME cmd...: cmd runs in a background subshell with `set -e` and pipefail, in its own process group so that a
# hung client is killed with its children after IOP_CHECK_TIMEOUT seconds. Its output is shown only when it fails.
check() {
  local name=$1; shift
  local out t0 t1 secs pid status wd
  out=$(mktemp "${IOP_WORK:-${TMPDIR:-/tmp}}/check.XXXXXX")
  t0=$EPOCHREALTIME
  set -m
  ( set -eo pipefail; "$@" ) >"$out" 2>&1 </dev/null &
  pid=$!
  set +m
  # The watchdog's sleep is killed with it: an orphaned sleep would keep the caller's pipes (tee) open for the
  # whole timeout after the last check.
  ( trap 'kill "$s" 2>/dev/null; exit 0' TERM
    sleep "$IOP_CHECK_TIMEOUT" & s=$!; wait "$s"
    echo "interop: TIMEOUT after ${IOP_CHECK_TIMEOUT}s" >>"$out"; kill -TERM -- "-$pid" 2>/dev/null
    sleep 5 & s=$!; wait "$s"; kill -KILL -- "-$pid" 2>/dev/null ) >/dev/null 2>&1 &
  wd=$!
  wait "$pid"; status=$?
  kill "$wd" 2>/dev/null; wait "$wd" 2>/dev/null
  t1=$EPOCHREALTIME
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
  if [ "$status" -eq 0 ]; then
    printf '  ok    %-58s %6ss\n' "${IOP_SUITE:+$IOP_SUITE/}$name" "$secs"
    printf 'PASS\t%s\t%s\n' "${IOP_SUITE:+$IOP_SUITE/}$name" "$secs" >>"$IOP_RESULTS"
  else
    printf '  FAIL  %-58s %6ss  (exit %s)\n' "${IOP_SUITE:+$IOP_SUITE/}$name" "$secs" "$status"
    # The tail is what matters; cap it so one runaway client cannot flood the CI log.
    if [ "$(wc -l <"$out")" -gt 150 ]; then
      echo "        | ... ($(wc -l <"$out") lines, last 150 shown; full output in $out)"
      tail -n 150 "$out" | sed 's/^/        | /'
    else
      sed 's/^/        | /' "$out"
    fi
    printf 'FAIL\t%s\t%s\n' "${IOP_SUITE:+$IOP_SUITE/}$name" "$secs" >>"$IOP_RESULTS"
  fi
  [ "$status" -eq 0 ] && rm -f "$out"
  return 0
}

# iop_record PASS|FAIL NAME [SECS] [MESSAGE]: record an outcome decided outside `check` (e.g. starting the server).
iop_record() {
  local tag=ok; [ "$1" = FAIL ] && tag=FAIL
  printf '  %-5s %-58s %6ss\n' "$tag" "${IOP_SUITE:+$IOP_SUITE/}$2" "${3:-0}"
  [ -n "${4:-}" ] && printf '%s\n' "$4" | sed 's/^/        | /'
  printf '%s\t%s\t%s\n' "$1" "${IOP_SUITE:+$IOP_SUITE/}$2" "${3:-0}" >>"$IOP_RESULTS"
}

skip() {
  printf '  skip  %-58s (%s)\n' "${IOP_SUITE:+$IOP_SUITE/}$1" "$2"
  printf 'SKIP\t%s\t0\n' "${IOP_SUITE:+$IOP_SUITE/}$1" >>"$IOP_RESULTS"
}

# iop_summary [LABEL]: the closing line. Returns 1 if any check failed.
iop_summary() {
  local p f s
  p=$(grep -c '^PASS' "$IOP_RESULTS" 2>/dev/null); f=$(grep -c '^FAIL' "$IOP_RESULTS" 2>/dev/null)
  s=$(grep -c '^SKIP' "$IOP_RESULTS" 2>/dev/null)
  if [ "${s:-0}" -gt 0 ]; then
    printf '%s: %d passed, %d failed, %d skipped\n' "${1:-interop}" "${p:-0}" "${f:-0}" "$s"
  else
    printf '%s: %d passed, %d failed\n' "${1:-interop}" "${p:-0}" "${f:-0}"
  fi
  [ "${f:-0}" -eq 0 ]
}

# iop_suite_begin NAME: common start of a suite script (also works when the suite is run on its own).
iop_suite_begin() {
  IOP_SUITE=$1
  iop_env
  iop_results_init
  if [ -z "${IOP_WORK:-}" ]; then IOP_WORK=$(mktemp -d "${TMPDIR:-/tmp}/iop-$1.XXXXXX"); IOP_OWN_WORK=1; fi
  mkdir -p "$IOP_WORK"; export IOP_WORK
  echo "== $1"
}

# iop_suite_end: when run alone, print the suite's own closing line and clean up.
iop_suite_end() {
  if [ -n "${IOP_OWN_RESULTS:-}" ]; then
    local rc=0; iop_summary "$IOP_SUITE" || rc=1
    rm -f "$IOP_RESULTS"; [ -n "${IOP_OWN_WORK:-}" ] && [ "$rc" -eq 0 ] && rm -rf "$IOP_WORK"
    return $rc
  fi
  return 0
}

# iop_need VAR...: fail the suite early (as one failed check) when its targets are not given.
iop_need() {
  local v missing=
  for v in "$@"; do [ -n "${!v:-}" ] || missing="$missing $v"; done
  [ -z "$missing" ] && return 0
  check "environment" sh -c "echo 'missing:$missing'; exit 1"
  return 1
}

# -------------------------------------------------------------------------------------------------------- curl helpers
# req METHOD URL [extra curl args]: prints the exchange (curl -v, request/response headers and a bounded body) so that a
# failing check shows exactly what was sent and received. Sets REQ_STATUS, REQ_HDRS, REQ_BODY.
req() {
  local method=$1 url=$2; shift 2
  REQ_HDRS=$(mktemp "$IOP_WORK/hdrs.XXXXXX"); REQ_BODY=$(mktemp "$IOP_WORK/body.XXXXXX")
  local trace; trace=$(mktemp "$IOP_WORK/trace.XXXXXX")
  local m=(-X "$method"); [ "$method" = HEAD ] && m=(-I)
  echo "\$ curl ${m[*]} $* '$url'"
  local o=$REQ_BODY; [ "$method" = HEAD ] && o=/dev/null     # curl -I writes the headers as the "body"
  REQ_STATUS=$(curl -sS -v --max-time "$IOP_CURL_TIMEOUT" ${IOP_CA_PEM:+--cacert "$IOP_CA_PEM"} "${m[@]}" \
    -D "$REQ_HDRS" -o "$o" -w '%{http_code}' "$@" "$url" 2>"$trace") || true
  { grep -E '^[<>] ' "$trace" || true; } | tr -d '\r' | sed -e '/^[<>] $/d'
  grep -E '^curl: ' "$trace" || true
  if [ -s "$REQ_BODY" ]; then
    if LC_ALL=C grep -qP '[^\x09\x0a\x0d\x20-\x7e]' "$REQ_BODY" 2>/dev/null; then
      echo "[body: $(stat -c %s "$REQ_BODY") bytes, binary]"
    else
      echo "[body: $(stat -c %s "$REQ_BODY") bytes]"; head -c 2000 "$REQ_BODY"; echo
    fi
  fi
  rm -f "$trace"
  echo "=> status $REQ_STATUS"
}

want_status() {
  local c
  for c in "$@"; do [ "$REQ_STATUS" = "$c" ] && return 0; done
  echo "EXPECTED status $*, GOT $REQ_STATUS"; return 1
}

# header_value NAME: value of the last such response header (after redirects/100-continue: last block wins).
header_value() {
  tr -d '\r' <"$REQ_HDRS" | awk -v n="$(echo "$1" | tr 'A-Z' 'a-z')" -F': *' \
    'tolower($1)==n { sub(/^[^:]*: */, ""); v=$0 } END { print v }'
}

want_header() {
  local v; v=$(header_value "$1")
  if printf "%s" "$v" | grep -Ei -- "$2" >/dev/null; then return 0; fi
  echo "EXPECTED header '$1' matching /$2/, GOT '${v}'"; return 1
}

# body_has REGEX: assert the response body matches.
body_has() { grep -Eq -- "$1" "$REQ_BODY" || { echo "EXPECTED body matching /$1/"; return 1; }; }

# ------------------------------------------------------------------------------------------------------------ misc
# gfal CMD ARGS...: run a gfal-* tool with a debug log; print the HTTP requests and responses davix logged (bounded),
# which is what a server author needs when the tool fails.
gfal() {
  local cmd=$1; shift
  local log rc=0; log=$(mktemp "$IOP_WORK/gfal-$cmd.XXXXXX.log")
  echo "\$ $cmd $*" >&2
  "$cmd" -t 120 -vvv --log-file "$log" "$@" || rc=$?
  if [ -s "$log" ]; then
    echo "--- HTTP exchange (from $log):" >&2
    grep -a -E '^(INFO Davix: [<>] |> )' "$log" | sed -e 's/^INFO Davix: //' |
      grep -a -v -i -E '^> (User-Agent|Keep-Alive|Connection|TE|Host):|^[<>] $|^< (Date|Server):' | tail -n 80 >&2 || true
  fi
  return $rc
}

adler32_of() {
  /usr/bin/python3 - "$1" <<'EOF'
import sys, zlib
a = 1
with open(sys.argv[1], 'rb') as f:
    while True:
        b = f.read(1 << 20)
        if not b:
            break
        a = zlib.adler32(b, a)
print('%08x' % (a & 0xffffffff))
EOF
}

# same_bytes A B: byte-for-byte comparison with a readable message.
same_bytes() {
  if cmp -s "$1" "$2"; then return 0; fi
  echo "CONTENT DIFFERS: $1 ($(stat -c %s "$1" 2>/dev/null || echo missing) bytes) vs $2 ($(stat -c %s "$2" 2>/dev/null || echo missing) bytes)"
  cmp "$1" "$2" 2>&1 | head -n 3
  return 1
}

# make_file PATH BYTES: random content (not sparse, not compressible).
make_file() { head -c "$2" /dev/urandom > "$1"; }

# run CMD...: echo a client command line, then run it (its output ends up in the check's output).
run() { echo "\$ $*" >&2; "$@"; }
