#!/usr/bin/env bash
# tape: a simulated tape area (backend tape-sim, its clock 1000x faster) and the WLCG Tape REST API, driven by the
# gfal2 tools as users and FTS drive them (SPECS §2): gfal-xattr user.status, gfal-evict, gfal-bringonline (with and
# without --pin-lifetime), gfal-archivepoll, gfal-copy out of the tape area before staging (a clear failure, at once)
# and after; then FTS's staging flow with tokens: bring online, poll, third-party copy to a disk area, and a
# storage.stage token that may stage but not read. One Tributary instance of its own (https, dev token issuer).
source "$(dirname "$0")/../lib.sh"
iop_suite_begin tape
jar=${IOP_JAR:-$IOP_TOP/packaging/target/tributary.jar}
iop_use_ca
GFAL_TPC=(-D "HTTP PLUGIN:ENABLE_FALLBACK_TPC_COPY=false" -D "HTTP PLUGIN:ENABLE_STREAM_COPY=false")

W=$IOP_WORK/tapegw; mkdir -p "$W/buffer" "$W/library" "$W/disk" "$W/state"
iop_two_free_ports
CFG=$W/config.yaml
{ echo "# written by interop/suites/tape.sh"; iop_server_yaml "$HP" "$SP" "$W"; } > "$CFG"
cat >> "$CFG" <<YAML
tpc: { ca-directory: $IOP_CA_DIR, marker-interval: 1s }
token-issuers:
  - { name: dev, issuer: https://dev.tributary.invalid, dev: true, jwks-file: $W/dev-issuer/jwks.json,
      audiences: [127.0.0.1] }
tape-rest: { sitename: IOP-TAPE, state-directory: $W/state }
storage-areas:
  - name: tape
    access-points: [/tape]
    anonymous: none
    backend: { type: tape-sim, buffer: $W/buffer, library: $W/library, drives: 2, time-scale: 1000,
               buffer-capacity: 1GiB, migrate-after: 1s, evict-on-release: true }
  - name: disk
    access-points: [/disk]
    anonymous: none
    backend: { type: posix, root: $W/disk }
YAML
(cd "$W" && exec java -Xmx256m -jar "$jar" serve --config "$CFG") >>"$W/gateway.log" 2>&1 &
GW=$!
trap 'kill -TERM "$GW" 2>/dev/null; iop_wait_exit "$GW" 10 || kill -KILL "$GW" 2>/dev/null' EXIT

t_start() {  # ready = the discovery document answers (it needs no token)
  local deadline=$((SECONDS + 30))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$GW" 2>/dev/null || { echo "gateway exited:"; tail -n 30 "$W/gateway.log"; return 1; }
    curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$HP/.well-known/wlcg-tape-rest-api" && return 0
    sleep 0.2
  done
  echo "no discovery document within 30 s"; tail -n 30 "$W/gateway.log"; return 1
}
check "tape gateway starts (tape-sim area, Tape REST, dev issuer)" t_start

mint() { java -jar "$jar" dev-token --config "$CFG" --aud 127.0.0.1 --lifetime 30m "$@"; }
ALL=$(mint --sub user --scope "storage.read:/ storage.create:/ storage.modify:/ storage.stage:/")
STAGER=$(mint --sub fts --scope "storage.stage:/")
D="davs://127.0.0.1:$SP/tape/iop-$IOP_RUN"
SRC=$IOP_WORK/src.bin; make_file "$SRC" $((3 * 1024 * 1024 + 7))
export BEARER_TOKEN=$ALL

status_of() { gfal gfal-xattr "$1" user.status 2>/dev/null | tail -n 1 | tr -d '[:space:]'; }
wait_status() {  # wait_status URL WANT SECS
  local deadline=$((SECONDS + $3)) s
  while [ $SECONDS -lt $deadline ]; do
    s=$(status_of "$1"); [ "$s" = "$2" ] && return 0; sleep 0.5
  done
  echo "user.status of $1 is '$s' after $3 s, expected $2"; return 1
}
count_of() { grep -cE "\"$1 [^\"]*$2\" $3 " "$W/access.log" || true; }   # count_of METHOD PATH STATUS

t_discovery() {
  local doc; doc=$(curl -sS --cacert "$IOP_CA_PEM" "https://127.0.0.1:$SP/.well-known/wlcg-tape-rest-api")
  echo "$doc"
  printf '%s' "$doc" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["sitename"] == "IOP-TAPE", d
e = [x for x in d["endpoints"] if x["version"] == "v1"]
assert e and e[0]["uri"].startswith("https://127.0.0.1:"), d'
}
t_upload()   { gfal gfal-copy -p "file://$SRC" "$D/f.bin"; }
t_migrated() { wait_status "$D/f.bin" ONLINE_AND_NEARLINE 60; }
t_archivepoll() { gfal gfal-archivepoll --polling-timeout 60 "$D/f.bin"; }
t_evict()    { gfal gfal-evict "$D/f.bin"; wait_status "$D/f.bin" NEARLINE 30; }
t_get_before() {  # fails at once, with 503 and the reason; nothing left locally
  rm -f "$IOP_WORK/early.bin"
  local t0=$SECONDS
  if gfal gfal-copy "$D/f.bin" "file://$IOP_WORK/early.bin" 2>&1 | tee "$IOP_WORK/early.txt"; then
    echo "a copy of a file on tape only succeeded"; return 1
  fi
  [ $((SECONDS - t0)) -lt 30 ] || { echo "the refusal took $((SECONDS - t0)) s"; return 1; }
  grep -q 503 "$IOP_WORK/early.txt" || { echo "expected HTTP 503"; return 1; }
  [ ! -s "$IOP_WORK/early.bin" ] || { echo "bytes were written locally"; return 1; }
  local body; body=$(curl -sS --cacert "$IOP_CA_PEM" -H "Authorization: Bearer $ALL" "https://127.0.0.1:$SP/tape/iop-$IOP_RUN/f.bin")
  echo "$body"; printf '%s' "$body" | grep -q 'stage it' || { echo "the reason does not say to stage it"; return 1; }
}
t_push_before() {  # a third-party push of a nearline file is refused before the 202 (no transfer starts); the
  # destination names the gateway as "localhost", so it is another server to it: a real push, not a local copy
  if gfal gfal-copy -p --copy-mode push "${GFAL_TPC[@]}" "$D/f.bin" "davs://localhost:$SP/disk/iop-$IOP_RUN/never.bin"; then
    echo "push of a file on tape only succeeded"; return 1
  fi
  [ "$(count_of COPY "/tape/iop-$IOP_RUN/f.bin" 503)" -ge 1 ] || { echo "no COPY 503 in the access log"; return 1; }
  [ ! -e "$W/disk/iop-$IOP_RUN/never.bin" ]
}
t_local_copy_before() {  # a COPY inside the server reads the bytes too: the same refusal, nothing written
  local code
  curl -sS --cacert "$IOP_CA_PEM" -H "Authorization: Bearer $ALL" -X MKCOL "https://127.0.0.1:$SP/disk/iop-$IOP_RUN" -o /dev/null
  code=$(curl -sS --cacert "$IOP_CA_PEM" -H "Authorization: Bearer $ALL" -X COPY -o "$IOP_WORK/lc.txt" -w '%{http_code}' \
    -H "Destination: https://127.0.0.1:$SP/disk/iop-$IOP_RUN/local.bin" "https://127.0.0.1:$SP/tape/iop-$IOP_RUN/f.bin")
  cat "$IOP_WORK/lc.txt"
  [ "$code" = 503 ] || { echo "expected 503, got $code"; return 1; }
  [ ! -e "$W/disk/iop-$IOP_RUN/local.bin" ] || { echo "a copy was written"; return 1; }
}
t_bringonline() {
  gfal gfal-bringonline --polling-timeout 120 "$D/f.bin"
  [ "$(status_of "$D/f.bin")" = ONLINE_AND_NEARLINE ] || { echo "not online after bring-online"; return 1; }
  [ "$(count_of POST /stage/ 201)" -ge 1 ] || { echo "no POST .../stage 201 in the access log"; return 1; }
}
t_get_after() { rm -f "$IOP_WORK/down.bin"; gfal gfal-copy "$D/f.bin" "file://$IOP_WORK/down.bin"; same_bytes "$SRC" "$IOP_WORK/down.bin"; }
t_pin_lifetime() {  # gfal2 does not send --pin-lifetime as diskLifetime (CLIENTS.md): the server default applies
  gfal gfal-evict "$D/f.bin"; wait_status "$D/f.bin" NEARLINE 30
  gfal gfal-bringonline --pin-lifetime 3600 --polling-timeout 120 "$D/f.bin"
  [ "$(status_of "$D/f.bin")" = ONLINE_AND_NEARLINE ]
}
t_status_missing() {
  if gfal gfal-xattr "$D/no-such.bin" user.status 2>&1 | tee "$IOP_WORK/xm.txt"; then echo "user.status of a missing file"; return 1; fi
  grep -Eq 'No such file|ENOENT|not exist' "$IOP_WORK/xm.txt" || { echo "expected ENOENT"; return 1; }
}
check "discovery document (sitename, v1 endpoint on https)"              t_discovery
check "gfal-copy upload into the tape area"                             t_upload
check "the file reaches tape: user.status ONLINE_AND_NEARLINE"           t_migrated
check "gfal-archivepoll: the file is archived"                          t_archivepoll
check "gfal-evict (release by path, placeholder id): NEARLINE"          t_evict
check "gfal-copy of a nearline file fails at once: 503, 'stage it'"     t_get_before
check "third-party push of a nearline file refused before the 202"      t_push_before
check "local COPY of a nearline file: 503, nothing written"              t_local_copy_before
check "gfal-bringonline: POST stage, poll, file online"                 t_bringonline
check "gfal-copy after staging: same bytes"                             t_get_after
check "gfal-bringonline --pin-lifetime after another evict"             t_pin_lifetime
check "gfal-xattr user.status of a missing file: ENOENT"                t_status_missing

# FTS's staging flow (bring online, poll, then a third-party copy to another endpoint), with tokens: FTS stages with a
# storage.stage token, which does not grant reading; the copy itself runs with a read token at the source.
t_fts_flow() {
  local f="$D/fts.bin" dst="davs://127.0.0.1:$SP/disk/iop-$IOP_RUN/fts.bin"
  gfal gfal-copy -p "file://$SRC" "$f"; wait_status "$f" ONLINE_AND_NEARLINE 60
  gfal gfal-evict "$f"; wait_status "$f" NEARLINE 30
  BEARER_TOKEN=$STAGER gfal gfal-bringonline --polling-timeout 120 "$f"
  [ "$(status_of "$f")" = ONLINE_AND_NEARLINE ]
  gfal gfal-copy -p --copy-mode pull "${GFAL_TPC[@]}" "$f" "$dst"
  same_bytes "$SRC" "$W/disk/iop-$IOP_RUN/fts.bin"
  [ "$(count_of COPY "/disk/iop-$IOP_RUN/fts.bin" 202)" -ge 1 ] || { echo "the copy was not a third-party copy"; return 1; }
}
t_stage_token_cannot_read() {
  local code; code=$(curl -sS --cacert "$IOP_CA_PEM" -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $STAGER" \
    "https://127.0.0.1:$SP/tape/iop-$IOP_RUN/fts.bin")
  [ "$code" = 403 ] || { echo "a storage.stage token read the file: $code"; return 1; }
}
check "FTS flow: stage with a storage.stage token, then third-party pull to disk" t_fts_flow
check "a storage.stage token does not grant reading (403)"                   t_stage_token_cannot_read

t_stop() {  # (a check runs in a subshell, which cannot wait for the gateway: watch it go, then read its log)
  kill -TERM "$GW"
  local deadline=$((SECONDS + 15))
  while kill -0 "$GW" 2>/dev/null; do [ $SECONDS -lt $deadline ] || { echo "still running 15 s after SIGTERM"; return 1; }; sleep 0.1; done
  if grep -E ' (ERROR|WARN) ' "$W/gateway.log"; then echo "the gateway logged errors"; return 1; fi
}
check "tape gateway stops cleanly on SIGTERM" t_stop
iop_suite_end
