#!/usr/bin/env bash
# tpc: WLCG HTTP third-party copy as FTS drives it (gfal2 underneath), with streaming fallback switched off so that a
# fallback can never pass for a third-party copy. Two Tributary instances of its own (A and B, https, each trusting the
# test CA for its outbound side via tpc.ca-directory), and an XRootD HTTP server (xrootd-server + XrdHttpTPC) on
# loopback. The access logs prove which side moved the data: in pull mode the destination logs COPY and the source a
# GET; in push mode the source logs COPY and the destination a PUT; nobody logs the client streaming the bytes.
source "$(dirname "$0")/../lib.sh"
iop_suite_begin tpc
here=$(cd "$(dirname "$0")" && pwd)
jar=${IOP_JAR:-$IOP_TOP/packaging/target/tributary.jar}
iop_use_ca
GFAL_TPC=(-D "HTTP PLUGIN:ENABLE_FALLBACK_TPC_COPY=false" -D "HTTP PLUGIN:ENABLE_STREAM_COPY=false"
          -D "HTTP PLUGIN:HEADERS=Credential: none")
PIDS=()

# tpc_gw NAME: start a Tributary instance in $IOP_WORK/NAME; sets ${NAME}_TLS (port) and ${NAME}_LOG (access log).
tpc_gw() {
  local n=$1 d="$IOP_WORK/$1" hp sp
  mkdir -p "$d/data" "$d/rucio"; hp=$(iop_free_port); sp=$(iop_free_port)
  iop_server_yaml "$hp" "$sp" "$d" > "$d/config.yaml"
  cat >> "$d/config.yaml" <<YAML
tpc:
  ca-directory: $IOP_CA_DIR
  marker-interval: 1s
# One dev issuer shared by both instances (same key files): tokens shaped as Rucio mints them, aud = bare host.
token-issuers:
  - { name: dev, issuer: https://dev.tributary.invalid, dev: true, jwks-file: $IOP_WORK/dev-issuer/jwks.json,
      audiences: [127.0.0.1] }
storage-areas:
  - { name: data, access-points: [/data], backend: { type: posix, root: $d/data }, anonymous: read-write }
  - { name: rucio, access-points: [/rucio], backend: { type: posix, root: $d/rucio }, anonymous: none }
YAML
  (cd "$d" && exec java -Xmx256m -jar "$jar" serve --config "$d/config.yaml") >"$d/gateway.log" 2>&1 &
  PIDS+=($!)
  iop_wait_ready "http://127.0.0.1:$hp/data/" "$!" 30 || { tail -n 30 "$d/gateway.log" >&2; return 1; }
  printf -v "${n}_TLS" %s "$sp"; printf -v "${n}_LOG" %s "$d/access.log"; printf -v "${n}_ROOT" %s "$d/data"
  printf -v "${n}_CFG" %s "$d/config.yaml"; printf -v "${n}_RUCIO" %s "$d/rucio"
}

# tpc_xrootd: XRootD 5.5 with XrdHttp + XrdHttpTPC on loopback (as the xrootd user, bind shim); sets XRD_PORT, XRD_ROOT.
tpc_xrootd() {
  local d shim
  command -v xrootd >/dev/null || { echo "xrootd not installed (bin/install-test-deps)"; return 1; }
  # The xrootd user must reach its files: the suite's work directory is private (0700), so use a directory of its own.
  d=$(mktemp -d "${TMPDIR:-/tmp}/iop-xrootd.XXXXXX"); chmod 755 "$d"; XRD_DIR=$d
  mkdir -p "$d/data" "$d/run" "$d/certs"
  shim="$d/bind-loopback.so"
  gcc -shared -fPIC -O2 -o "$shim" "$IOP_HOME/bind-loopback.c" -ldl || return 1
  cp "$IOP_TLS_CERT" "$d/certs/host.pem"; cp "$IOP_TLS_KEY" "$d/certs/hostkey.pem"
  cp -r "$IOP_CA_DIR" "$d/certs/ca"
  XRD_PORT=$(iop_free_port); XRD_ROOT="$d/data"
  cat > "$d/xrootd.cfg" <<CFG
all.export / writable
oss.localroot $d/data
xrd.port $XRD_PORT
xrd.protocol XrdHttp:$XRD_PORT libXrdHttp.so
xrd.tls $d/certs/host.pem $d/certs/hostkey.pem
xrd.tlsca certdir $d/certs/ca
xrootd.chksum adler32
http.exthandler xrdtpc libXrdHttpTPC.so
all.adminpath $d/run
all.pidpath $d/run
CFG
  chown -R xrootd:xrootd "$d"; chmod 600 "$d/certs/hostkey.pem"
  LD_PRELOAD=$shim setpriv --reuid=xrootd --regid=xrootd --init-groups \
    xrootd -I v4 -c "$d/xrootd.cfg" -l "$d/xrootd.log" -n tpc >"$d/stdout.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do
    curl -s -o /dev/null --cacert "$IOP_CA_PEM" "https://127.0.0.1:$XRD_PORT/" && break; sleep 0.2
  done
  ss -ltn | grep -q "127.0.0.1:$XRD_PORT " || { echo "xrootd is not listening on 127.0.0.1:$XRD_PORT"; tail -n 30 "$d/xrootd.log"; return 1; }
  ! ss -ltn | grep -Eq "(0.0.0.0|\*|\[::\]):$XRD_PORT " || { echo "xrootd listens beyond loopback"; return 1; }
}

tpc_cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do iop_wait_exit "$p" 10 || kill -KILL "$p" 2>/dev/null; done
  [ -n "${XRD_DIR:-}" ] && rm -rf "$XRD_DIR"
}
trap tpc_cleanup EXIT

if ! tpc_gw A 2>"$IOP_WORK/start-a.err" || ! tpc_gw B 2>"$IOP_WORK/start-b.err"; then
  iop_record FAIL "two Tributary instances start" 0 "$(cat "$IOP_WORK"/start-*.err)"; iop_suite_end; exit
fi
SRC=$IOP_WORK/src.bin; make_file "$SRC" $((5 * 1024 * 1024 + 3)); SUM=$(adler32_of "$SRC")
A="davs://127.0.0.1:$A_TLS/data/tpc-$IOP_RUN"; B="davs://127.0.0.1:$B_TLS/data/tpc-$IOP_RUN"
curl -sS -f --cacert "$IOP_CA_PEM" -T "$SRC" "https://127.0.0.1:$A_TLS/data/tpc-$IOP_RUN/src.bin" -o /dev/null

# log_has LOG METHOD PATH STATUS: the access log has that request (path as logged, status exact).
log_has() {
  grep -E "\"$2 [^\"]*$3\" $4 " "$1" >/dev/null && return 0
  echo "EXPECTED in $1: \"$2 ...$3\" $4; log tail:"; tail -n 10 "$1"; return 1
}
log_lacks() {
  if grep -E "\"$2 [^\"]*$3\"" "$1" >/dev/null; then echo "UNEXPECTED in $1: $2 $3"; grep -E "\"$2 [^\"]*$3\"" "$1"; return 1; fi
}
count_of() { grep -cE "\"$2 [^\"]*$3\" $4 " "$1" || true; }   # count_of LOG METHOD PATH STATUS
sum_is() {  # sum_is URL: gfal-sum ADLER32 equals the source's
  local got; got=$(gfal gfal-sum "$1" ADLER32 | awk '{print $NF}' | tail -n 1)
  [ "$got" = "$SUM" ] || { echo "adler32 of $1 is '$got', source has $SUM"; return 1; }
}

t_pull() {
  local gets; gets=$(count_of "$A_LOG" GET /src.bin 200)
  gfal gfal-copy -p --copy-mode pull "${GFAL_TPC[@]}" "$A/src.bin" "$B/pulled.bin"
  same_bytes "$SRC" "$B_ROOT/tpc-$IOP_RUN/pulled.bin"
  log_has "$B_LOG" COPY "/pulled.bin" 202      # B was active ...
  [ "$(count_of "$A_LOG" GET /src.bin 200)" -gt "$gets" ] || { echo "A served no GET: B did not fetch"; return 1; }
  log_lacks "$B_LOG" PUT "/pulled.bin"         # the client never streamed the bytes into B
}
t_push() {
  local gets; gets=$(count_of "$A_LOG" GET /src.bin 200)
  gfal gfal-copy --copy-mode push "${GFAL_TPC[@]}" "$A/src.bin" "$B/pushed.bin"
  same_bytes "$SRC" "$B_ROOT/tpc-$IOP_RUN/pushed.bin"
  log_has "$A_LOG" COPY "/src.bin" 202         # A was active ...
  log_has "$B_LOG" PUT "/pushed.bin" 201       # ... and uploaded to B itself
  [ "$(count_of "$A_LOG" GET /src.bin 200)" -eq "$gets" ] || { echo "someone GOT the file from A (a relay?)"; return 1; }
}
t_pull_checksum() {  # gfal2 compares source and destination checksums itself (-K), with a TPC in between
  gfal gfal-copy --copy-mode pull -K ADLER32 "${GFAL_TPC[@]}" "$A/src.bin" "$B/pulled-k.bin"
  sum_is "$B/pulled-k.bin"
}
t_pull_missing() {
  if gfal gfal-copy --copy-mode pull "${GFAL_TPC[@]}" "$A/no-such.bin" "$B/never.bin" 2>&1 | tee "$IOP_WORK/miss.txt"; then
    echo "copy of a missing source succeeded"; return 1
  fi
  [ ! -e "$B_ROOT/tpc-$IOP_RUN/never.bin" ] || { echo "a file was left at the destination"; return 1; }
}
t_overwrite_refused() {  # without -f gfal2 stats the destination and refuses; our 412 covers FTS's own COPY
  curl -sS --cacert "$IOP_CA_PEM" -X COPY -H "Source: https://127.0.0.1:$A_TLS/data/tpc-$IOP_RUN/src.bin" \
    -H 'Overwrite: F' -o /dev/null -w '%{http_code}\n' "https://127.0.0.1:$B_TLS/data/tpc-$IOP_RUN/pulled.bin" | grep -qx 412
}
check "gfal-copy --copy-mode pull Tributary A -> B (B logs COPY, A logs the GET)" t_pull
check "gfal-copy --copy-mode push Tributary A -> B (A logs COPY, B logs the PUT)" t_push
check "gfal-copy pull -K ADLER32 (checksum right after success)"                  t_pull_checksum
check "gfal-copy pull of a missing source fails, nothing left"                     t_pull_missing
check "COPY with Overwrite: F onto an existing file is 412"                          t_overwrite_refused

# Tokens shaped as Rucio mints them (SPECS §1.5): the destination's token storage.modify + storage.read on the prefix,
# the source's storage.read; aud is the bare host name.
mint() { java -jar "$jar" dev-token --config "$A_CFG" --aud 127.0.0.1 --lifetime 10m "$@"; }
t_token_pull_curl() {  # the exact FTS shape: two different tokens, Authorization + TransferHeaderAuthorization
  local src dst out
  src=$(mint --sub rucio --scope "storage.read:/tpc") && dst=$(mint --sub rucio --scope "storage.modify:/tpc storage.read:/tpc")
  mkdir -p "$A_RUCIO/tpc" "$B_RUCIO/tpc"; cp "$SRC" "$A_RUCIO/tpc/f.bin"
  out=$(curl -sS --cacert "$IOP_CA_PEM" -X COPY -H "Source: https://127.0.0.1:$A_TLS/rucio/tpc/f.bin" \
    -H "Authorization: Bearer $dst" -H "TransferHeaderAuthorization: Bearer $src" -H 'Credential: none' \
    "https://127.0.0.1:$B_TLS/rucio/tpc/f.bin")
  printf '%s\n' "$out" | tail -n 3
  [ "$(printf '%s\n' "$out" | tail -n 1)" = "success: Created" ] || return 1
  same_bytes "$SRC" "$B_RUCIO/tpc/f.bin"
  grep -E '"GET /rucio/tpc/f.bin" 200 .*sub=rucio' "$A_LOG" >/dev/null || { echo "A did not log the token GET"; return 1; }
}
t_token_gfal() {  # gfal2 with one token for both sides (BEARER_TOKEN): pull, then push
  local t; t=$(mint --sub rucio --scope "storage.modify:/tpc storage.read:/tpc")
  BEARER_TOKEN=$t gfal gfal-copy -f --copy-mode pull "${GFAL_TPC[@]}" "davs://127.0.0.1:$A_TLS/rucio/tpc/f.bin" \
    "davs://127.0.0.1:$B_TLS/rucio/tpc/g-pulled.bin"
  same_bytes "$SRC" "$B_RUCIO/tpc/g-pulled.bin"; log_has "$B_LOG" COPY "/rucio/tpc/g-pulled.bin" 202
  BEARER_TOKEN=$t gfal gfal-copy -f --copy-mode push "${GFAL_TPC[@]}" "davs://127.0.0.1:$A_TLS/rucio/tpc/f.bin" \
    "davs://127.0.0.1:$B_TLS/rucio/tpc/g-pushed.bin"
  same_bytes "$SRC" "$B_RUCIO/tpc/g-pushed.bin"; log_has "$B_LOG" PUT "/rucio/tpc/g-pushed.bin" 201
}
t_token_refused() {  # a read-only token may not be the destination of a pull: 403 before any transfer
  local t code; t=$(mint --sub rucio --scope "storage.read:/tpc")
  code=$(curl -sS --cacert "$IOP_CA_PEM" -o /dev/null -w '%{http_code}' -X COPY -H "Authorization: Bearer $t" \
    -H "Source: https://127.0.0.1:$A_TLS/rucio/tpc/f.bin" "https://127.0.0.1:$B_TLS/rucio/tpc/nope.bin")
  [ "$code" = 403 ] || { echo "expected 403, got $code"; return 1; }
}
check "COPY with Rucio-shaped tokens (two tokens, TransferHeaderAuthorization)"     t_token_pull_curl
check "gfal-copy pull and push with a bearer token (BEARER_TOKEN)"                  t_token_gfal
check "a read-only token cannot be a pull destination (403)"                        t_token_refused

if ! command -v xrootd >/dev/null || ! id xrootd >/dev/null 2>&1; then
  skip "XRootD peer" "xrootd-server is not installed (bin/install-test-deps)"
elif ! tpc_xrootd >"$IOP_WORK/xrootd-start.log" 2>&1; then
  iop_record FAIL "XRootD HTTP peer starts on loopback" 0 "$(tail -n 40 "$IOP_WORK/xrootd-start.log")"
else
  X="davs://127.0.0.1:$XRD_PORT/tpc-$IOP_RUN"
  curl -sS -f --cacert "$IOP_CA_PEM" -X MKCOL "https://127.0.0.1:$XRD_PORT/tpc-$IOP_RUN" -o /dev/null || true
  curl -sS -f --cacert "$IOP_CA_PEM" -T "$SRC" "https://127.0.0.1:$XRD_PORT/tpc-$IOP_RUN/x-src.bin" -o /dev/null
  t_x_pull_by_us() {
    gfal gfal-copy -p --copy-mode pull "${GFAL_TPC[@]}" "$X/x-src.bin" "$B/from-xrootd.bin"
    same_bytes "$SRC" "$B_ROOT/tpc-$IOP_RUN/from-xrootd.bin"; log_has "$B_LOG" COPY "/from-xrootd.bin" 202
  }
  t_x_push_by_us() {
    gfal gfal-copy --copy-mode push "${GFAL_TPC[@]}" "$A/src.bin" "$X/to-xrootd.bin"
    same_bytes "$SRC" "$XRD_ROOT/tpc-$IOP_RUN/to-xrootd.bin"; log_has "$A_LOG" COPY "/src.bin" 202
  }
  t_x_pull_by_xrootd() {
    local before; before=$(count_of "$A_LOG" GET /src.bin 200)
    gfal gfal-copy --copy-mode pull "${GFAL_TPC[@]}" "$A/src.bin" "$X/pulled-by-xrootd.bin"
    same_bytes "$SRC" "$XRD_ROOT/tpc-$IOP_RUN/pulled-by-xrootd.bin"
    [ "$(count_of "$A_LOG" GET /src.bin 200)" -gt "$before" ] || { echo "XRootD did not GET from A"; tail -n 5 "$A_LOG"; return 1; }
  }
  t_x_push_by_xrootd() {
    gfal gfal-copy --copy-mode push "${GFAL_TPC[@]}" "$X/x-src.bin" "$B/pushed-by-xrootd.bin"
    same_bytes "$SRC" "$B_ROOT/tpc-$IOP_RUN/pushed-by-xrootd.bin"; log_has "$B_LOG" PUT "/pushed-by-xrootd.bin" 201
  }
  check "pull XRootD -> Tributary (Tributary active)"  t_x_pull_by_us
  check "push Tributary -> XRootD (Tributary active)"  t_x_push_by_us
  check "pull Tributary -> XRootD (XRootD active)"     t_x_pull_by_xrootd
  check "push XRootD -> Tributary (XRootD active)"     t_x_push_by_xrootd
fi

t_clean() {
  rm -rf "$A_ROOT/tpc-$IOP_RUN" "$B_ROOT/tpc-$IOP_RUN" "$A_RUCIO/tpc" "$B_RUCIO/tpc"
  local left; left=$(find "$A_ROOT" "$B_ROOT" "$A_RUCIO" "$B_RUCIO" -type f | head -n 5)
  [ -z "$left" ] || { echo "left in the area roots: $left"; return 1; }
}
check "no temporaries left in either instance" t_clean
iop_suite_end
