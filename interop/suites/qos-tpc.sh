#!/usr/bin/env bash
# qos-tpc: in-place QoS transitions (issue 13 item 2). One Tributary instance of its own (https, dev token issuer)
# with one posix area whose two classes FAST and CHEAP-ANALYSIS are access points of their own, as Rucio registers
# them (one RSE per class). gfal-copy between the two class access points, in pull and in push mode (streaming fallback
# off, so a fallback can never pass for a third-party copy), with and without tokens; bytes and adler32 checked. The
# access log proves the copy was done in place: the COPY answered 202 and nobody logged the GET (pull) or PUT (push)
# a network transfer sends.
source "$(dirname "$0")/../lib.sh"
iop_suite_begin qos-tpc
jar=${IOP_JAR:-$IOP_TOP/packaging/target/tributary.jar}
iop_use_ca
GFAL_TPC=(-D "HTTP PLUGIN:ENABLE_FALLBACK_TPC_COPY=false" -D "HTTP PLUGIN:ENABLE_STREAM_COPY=false"
          -D "HTTP PLUGIN:HEADERS=Credential: none")

W=$IOP_WORK/qosgw; mkdir -p "$W/km3net" "$W/lake"
iop_two_free_ports
CFG=$W/config.yaml
{ echo "# written by interop/suites/qos-tpc.sh"; iop_server_yaml "$HP" "$SP" "$W"; } > "$CFG"
cat >> "$CFG" <<YAML
tpc: { ca-directory: $IOP_CA_DIR, marker-interval: 1s }
token-issuers:
  - { name: dev, issuer: https://dev.tributary.invalid, dev: true, jwks-file: $W/dev-issuer/jwks.json,
      audiences: [127.0.0.1] }
storage-areas:
  - name: km3net
    access-points: [/km3net]
    anonymous: read-write
    backend: { type: posix, root: $W/km3net }
    qos:
      classes:
        - { name: FAST, placement: disk, access-point: /km3net-fast }
        - { name: CHEAP-ANALYSIS, placement: disk, access-point: /km3net-cheap }
  - name: lake
    access-points: [/lake]
    anonymous: none
    backend: { type: posix, root: $W/lake }
    qos:
      classes:
        - { name: HOT, placement: disk, access-point: /lake/hot }
        - { name: COLD, placement: disk, access-point: /lake/cold }
YAML
(cd "$W" && exec java -Xmx256m -jar "$jar" serve --config "$CFG") >>"$W/gateway.log" 2>&1 &
GW=$!
trap 'kill -TERM "$GW" 2>/dev/null; iop_wait_exit "$GW" 10 || kill -KILL "$GW" 2>/dev/null' EXIT

t_start() { iop_wait_ready "http://127.0.0.1:$HP/km3net/" "$GW" 30 || { tail -n 30 "$W/gateway.log"; return 1; }; }
check "gateway with two QoS classes of one posix area starts" t_start

A="davs://127.0.0.1:$SP/km3net"   # the whole storage; the classes are /km3net-fast and /km3net-cheap
SRC=$IOP_WORK/src.bin; make_file "$SRC" $((5 * 1024 * 1024 + 3))
SUM=$(adler32_of "$SRC")
count_of() { grep -cE "\"$1 [^\"]*$2\" $3 " "$W/access.log" || true; }   # count_of METHOD PATH STATUS
# read through the area's own access point (the class directories FAST and CHEAP-ANALYSIS in it)
gfal_sum() { gfal gfal-sum "$1" ADLER32 | awk '{print $2}'; }

# in_place METHOD COPY-PATH OTHER-PATH: a third-party copy (COPY 202), and the other end saw no METHOD of a transfer
in_place() {
  [ "$(count_of COPY "$2" 202)" -ge 1 ] || { echo "no COPY ... 202 for $2 in the access log"; return 1; }
  [ "$(count_of "$1" "$3" '[0-9]+')" -eq 0 ] || { echo "$1 $3 in the access log: the data went over the network"; return 1; }
}

FAST="davs://127.0.0.1:$SP/km3net-fast" CHEAP="davs://127.0.0.1:$SP/km3net-cheap"
t_upload() { gfal gfal-copy -p "file://$SRC" "$FAST/run1/f.bin"; }
t_pull() {
  gfal gfal-copy -p --copy-mode pull "${GFAL_TPC[@]}" "$FAST/run1/f.bin" "$CHEAP/run1/f.bin"
  same_bytes "$SRC" "$W/km3net/CHEAP-ANALYSIS/run1/f.bin"
  local s; s=$(gfal_sum "$A/CHEAP-ANALYSIS/run1/f.bin"); [ "$s" = "$SUM" ] || { echo "adler32 $s, expected $SUM"; return 1; }
  in_place GET "/km3net-cheap/run1/f.bin" "/km3net-fast/run1/f.bin"
}
t_push() {  # the destination by another name of this gateway (localhost for 127.0.0.1)
  gfal gfal-copy -p --copy-mode push "${GFAL_TPC[@]}" "$CHEAP/run1/f.bin" "davs://localhost:$SP/km3net-fast/run2/f.bin"
  same_bytes "$SRC" "$W/km3net/FAST/run2/f.bin"
  local s; s=$(gfal_sum "$A/FAST/run2/f.bin"); [ "$s" = "$SUM" ] || { echo "adler32 $s, expected $SUM"; return 1; }
  in_place PUT "/km3net-cheap/run1/f.bin" "/km3net-fast/run2/f.bin"
}
t_push_same_host() {  # both URLs on one authority, as two class RSEs of one host are: still a third-party push
  gfal gfal-copy -p --copy-mode push "${GFAL_TPC[@]}" "$CHEAP/run1/f.bin" "$FAST/run3/f.bin"
  same_bytes "$SRC" "$W/km3net/FAST/run3/f.bin"
  in_place PUT "/km3net-cheap/run1/f.bin" "/km3net-fast/run3/f.bin"
}
t_delete_source() {
  gfal gfal-rm "$FAST/run1/f.bin"
  same_bytes "$SRC" "$W/km3net/CHEAP-ANALYSIS/run1/f.bin"
}
check "gfal-copy upload into class FAST"                                     t_upload
check "gfal-copy --copy-mode pull FAST -> CHEAP-ANALYSIS: in place, bytes, adler32" t_pull
check "gfal-copy --copy-mode push CHEAP-ANALYSIS -> FAST: in place, bytes, adler32" t_push
check "gfal-copy --copy-mode push, both URLs on one host:port: in place"     t_push_same_host
check "deleting the source replica leaves the target intact"                 t_delete_source

# With tokens, as Rucio mints them: each class is an RSE whose oidc_base_path is its access point, so scopes are
# relative to it. In pull mode the destination's token is Authorization, the source's TransferHeaderAuthorization.
mint() { java -jar "$jar" dev-token --config "$CFG" --aud 127.0.0.1 --lifetime 30m "$@"; }
L="davs://127.0.0.1:$SP/lake"
t_token_pull_curl() {  # the exact FTS shape: the destination's token as Authorization, the source's as TransferHeader
  local up src dst out
  up=$(mint --sub rucio --scope "storage.create:/run")
  BEARER_TOKEN=$up gfal gfal-copy -p "file://$SRC" "$L/hot/run/f.bin"
  BEARER_TOKEN=$up gfal gfal-mkdir -p "$L/cold/run"
  src=$(mint --sub rucio --scope "storage.read:/run") && dst=$(mint --sub rucio --scope "storage.modify:/run storage.read:/run")
  out=$(curl -sS --cacert "$IOP_CA_PEM" -X COPY -H "Source: https://127.0.0.1:$SP/lake/hot/run/f.bin" \
    -H "Authorization: Bearer $dst" -H "TransferHeaderAuthorization: Bearer $src" -H 'Credential: none' \
    "https://127.0.0.1:$SP/lake/cold/run/f.bin")
  printf '%s\n' "$out" | tail -n 3
  [ "$(printf '%s\n' "$out" | tail -n 1)" = "success: Created" ] || return 1
  same_bytes "$SRC" "$W/lake/cold/run/f.bin"
  in_place GET "/lake/cold/run/f.bin" "/lake/hot/run/f.bin"
}
t_token_refused() {  # the source's token must allow reading there, as a remote source would insist
  local dst out
  dst=$(mint --sub rucio --scope "storage.modify:/run storage.read:/run")
  out=$(curl -sS --cacert "$IOP_CA_PEM" -X COPY -H "Source: https://127.0.0.1:$SP/lake/hot/run/f.bin" \
    -H "Authorization: Bearer $dst" -H "TransferHeaderAuthorization: Bearer $(mint --sub rucio --scope storage.read:/other)" \
    "https://127.0.0.1:$SP/lake/cold/run/refused.bin")
  printf '%s\n' "$out" | tail -n 1
  printf '%s\n' "$out" | tail -n 1 | grep -q '^failure: Remote side failed with status code 403' || return 1
  [ ! -e "$W/lake/cold/run/refused.bin" ]
}
t_token_gfal() {  # gfal2 with one token for both sides (BEARER_TOKEN): pull, then push
  local t; t=$(mint --sub rucio --scope "storage.modify:/run storage.read:/run")
  BEARER_TOKEN=$t gfal gfal-copy -f --copy-mode pull "${GFAL_TPC[@]}" "$L/hot/run/f.bin" "$L/cold/run/g-pulled.bin"
  same_bytes "$SRC" "$W/lake/cold/run/g-pulled.bin"; in_place GET "/lake/cold/run/g-pulled.bin" "/lake/hot/run/f.bin"
  BEARER_TOKEN=$t gfal gfal-copy -f --copy-mode push "${GFAL_TPC[@]}" "$L/hot/run/f.bin" \
    "davs://localhost:$SP/lake/cold/run/g-pushed.bin"
  same_bytes "$SRC" "$W/lake/cold/run/g-pushed.bin"; in_place PUT "/lake/hot/run/f.bin" "/lake/cold/run/g-pushed.bin"
}
check "COPY with Rucio-shaped tokens, each scoped to its class access point" t_token_pull_curl
check "a source token for another path: failure 403, nothing written"       t_token_refused
check "gfal-copy pull and push HOT <-> COLD with a bearer token"             t_token_gfal

t_stop() {
  kill -TERM "$GW"
  local deadline=$((SECONDS + 15))
  while kill -0 "$GW" 2>/dev/null; do [ $SECONDS -lt $deadline ] || { echo "still running 15 s after SIGTERM"; return 1; }; sleep 0.1; done
  # (the refused copy above logs its failure line as a warning, as every failed copy does)
  if grep -E ' (ERROR|WARN) ' "$W/gateway.log" | grep -v 'third-party copy with .*(in place) failed: Remote side failed with status code 403'; then
    echo "the gateway logged errors"; return 1
  fi
}
check "gateway stops cleanly on SIGTERM" t_stop
iop_suite_end
