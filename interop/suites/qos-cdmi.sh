#!/usr/bin/env bash
# qos-cdmi: gfal2's QoS calls (python3-gfal2: qos_check_classes, check_file_qos, check_target_qos,
# check_available_qos_transitions, change_object_qos) against the CDMI URLs of a gateway of its own (https, /cdmi):
# a posix area "km3net" with two disk classes (FAST at /km3net/fast, CHEAP-ANALYSIS at /km3net/cheap), and an area
# "plain" without classes that anonymous callers may only read (a change there is refused). Files are written with
# gfal-copy; a class change shows in the CDMI object, in PROPFIND's qos-class and in the area's files. Each class
# has its own usage in the SRR document and in its RFC 4331 quota properties.
source "$(dirname "$0")/../lib.sh"
iop_suite_begin qos-cdmi
jar=${IOP_JAR:-$IOP_TOP/packaging/target/tributary.jar}
iop_use_ca

W=$IOP_WORK/qosgw; mkdir -p "$W/km3net" "$W/plain"
iop_two_free_ports
CFG=$W/config.yaml
{ echo "# written by interop/suites/qos-cdmi.sh"; iop_server_yaml "$HP" "$SP" "$W"; } > "$CFG"
cat >> "$CFG" <<YAML
storage-areas:
  - name: km3net
    access-points: [/km3net]
    anonymous: read-write
    backend: { type: posix, root: $W/km3net }
    qos:
      classes:
        - { name: FAST, placement: disk, access-point: /km3net/fast }
        - { name: CHEAP-ANALYSIS, placement: disk, access-point: /km3net/cheap }
      default-class: FAST
  - name: plain
    access-points: [/plain]
    anonymous: read
    backend: { type: posix, root: $W/plain }
cdmi: { path: /cdmi }
YAML
(cd "$W" && exec java -Xmx256m -jar "$jar" serve --config "$CFG") >>"$W/gateway.log" 2>&1 &
GW=$!
trap 'kill -TERM "$GW" 2>/dev/null; iop_wait_exit "$GW" 10 || kill -KILL "$GW" 2>/dev/null' EXIT

q_start() {  # ready = the capabilities answer
  local deadline=$((SECONDS + 30))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$GW" 2>/dev/null || { echo "gateway exited:"; tail -n 30 "$W/gateway.log"; return 1; }
    curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$HP/cdmi/cdmi_capabilities/dataobject" && return 0
    sleep 0.2
  done
  echo "no CDMI capabilities within 30 s"; tail -n 30 "$W/gateway.log"; return 1
}
check "qos gateway starts (two disk classes, CDMI at /cdmi)" q_start

B="https://127.0.0.1:$SP"
# gfal2 2.21's QoS calls (gfal_http_qos.cpp) build a davix context of their own that does not take X509_CERT_DIR, so
# a test CA is not trusted there: they run over plain http on loopback (docs/qos.md, "CDMI")
CDMI="http://127.0.0.1:$HP/cdmi"
F="/km3net/fast/iop-$IOP_RUN/f.bin"
SRC=$IOP_WORK/src.bin; make_file "$SRC" 4099
echo plain > "$W/plain/p"

# qos CALL ARG...: one python3-gfal2 QoS call; prints its result (a list one item per line), exit 1 on GError.
qos() {
  echo "\$ gfal2.$*" >&2
  /usr/bin/python3 - "$@" <<'PY'
import sys, gfal2
call, args = sys.argv[1], sys.argv[2:]
ctx = gfal2.creat_context()
try:
    r = getattr(ctx, call)(*args)
except gfal2.GError as e:
    print("GError %d: %s" % (e.code, e.message))
    sys.exit(1)
for x in (r if isinstance(r, list) else [r]):
    print(x)
PY
}
want_out() {  # want_out EXPECTED CALL ARG...: the call's output is EXPECTED (lines)
  local want=$1 got; shift
  got=$(qos "$@") || { echo "$got"; return 1; }
  echo "$got"
  [ "$got" = "$want" ] || { printf 'EXPECTED:\n%s\n' "$want"; return 1; }
}
prop_class() {  # the qos-class property of a file, by PROPFIND Depth 0 (allprop)
  curl -sS --cacert "$IOP_CA_PEM" -X PROPFIND -H 'Depth: 0' "$B$1" |
    sed -n 's/.*<qos-class xmlns="[^"]*">\([^<]*\)<\/qos-class>.*/\1/p'
}

c_upload() { gfal gfal-copy -p "file://$SRC" "davs://127.0.0.1:$SP$F"; }
c_classes() {
  # gfal2 lists the children prefixed with /cdmi_capabilities/<type>/
  want_out "$(printf '/cdmi_capabilities/dataobject/%s\n' FAST CHEAP-ANALYSIS disk)" \
    qos_check_classes "$CDMI" dataobject
}
c_container_classes() {
  want_out "$(printf '/cdmi_capabilities/container/%s\n' FAST CHEAP-ANALYSIS disk)" qos_check_classes "$CDMI" container
}
c_file_qos()   { want_out /cdmi_capabilities/dataobject/FAST check_file_qos "$CDMI$F"; }
c_transitions() {
  want_out /cdmi_capabilities/dataobject/CHEAP-ANALYSIS check_available_qos_transitions \
    "$CDMI/cdmi_capabilities/dataobject/FAST"
}
c_change() {
  qos change_object_qos "$CDMI$F" /cdmi_capabilities/dataobject/CHEAP-ANALYSIS || return 1
  want_out /cdmi_capabilities/dataobject/CHEAP-ANALYSIS check_file_qos "$CDMI$F"
  # a disk-to-disk change completes at once: no target left (gfal2 answers an empty string)
  want_out "" check_target_qos "$CDMI$F"
  [ "$(prop_class "$F")" = CHEAP-ANALYSIS ] || { echo "PROPFIND qos-class: '$(prop_class "$F")'"; return 1; }
}
c_change_back() {
  qos change_object_qos "$CDMI$F" /cdmi_capabilities/dataobject/FAST || return 1
  want_out /cdmi_capabilities/dataobject/FAST check_file_qos "$CDMI$F"
  [ "$(prop_class "$F")" = FAST ]
}
c_bytes_unchanged() { gfal gfal-copy -f "davs://127.0.0.1:$SP$F" "file://$IOP_WORK/back.bin" && same_bytes "$SRC" "$IOP_WORK/back.bin"; }
c_unknown_class() {  # the area has no such class: refused, the file keeps its class
  if qos change_object_qos "$CDMI$F" /cdmi_capabilities/dataobject/TAPE; then echo "EXPECTED a refusal"; return 1; fi
  want_out /cdmi_capabilities/dataobject/FAST check_file_qos "$CDMI$F"
}
c_plain_refused() {  # anonymous may read the plain area, not change a class there
  want_out /cdmi_capabilities/dataobject/disk check_file_qos "$CDMI/plain/p"
  if qos change_object_qos "$CDMI/plain/p" /cdmi_capabilities/dataobject/disk; then
    echo "EXPECTED a refusal (anonymous may not modify)"; return 1
  fi
}

# srr_used SHARE: usedsize of one share of the SRR document (public, no token)
srr_used() {
  curl -sS --cacert "$IOP_CA_PEM" "$B/api/v1/srr" | /usr/bin/python3 -c '
import json, sys
doc = json.load(sys.stdin)["storageservice"]
print(next(s["usedsize"] for s in doc["storageshares"] if s["name"] == sys.argv[1]))' "$1"
}
quota_used() {  # quota-used-bytes of a collection, asked as davix asks (Depth 0, the two quota properties)
  curl -sS --cacert "$IOP_CA_PEM" -X PROPFIND -H 'Depth: 0' -H 'Content-Type: application/xml' --data \
    '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:quota-used-bytes/><D:quota-available-bytes/></D:prop></D:propfind>' \
    "$B$1" | sed -n 's/.*<[A-Za-z]*:*quota-used-bytes[^>]*>\([0-9]*\)<.*/\1/p'
}
c_reporting() {  # a class's usage is its directory's, in SRR and RFC 4331; measured in the background (<= 1 s late)
  local deadline=$((SECONDS + 15)) fast cheap q
  while [ $SECONDS -lt $deadline ]; do
    fast=$(srr_used km3net.fast); cheap=$(srr_used km3net.cheap-analysis); q=$(quota_used /km3net/fast/)
    [ "$fast" = 4099 ] && [ "$cheap" = 0 ] && [ "$q" = 4099 ] && { echo "SRR fast=$fast cheap=$cheap; quota-used-bytes /km3net/fast/ $q"; return 0; }
    sleep 0.5
  done
  echo "SRR fast=$fast cheap=$cheap (want 4099 0); quota-used-bytes of /km3net/fast/: $q (want 4099)"; return 1
}

check "gfal-copy into the FAST class" c_upload
check "SRR share and RFC 4331 quota of each class: the class's own bytes" c_reporting
check "qos_check_classes dataobject: every class of the gateway" c_classes
check "qos_check_classes container" c_container_classes
check "check_file_qos: FAST (the class of its directory)" c_file_qos
check "check_available_qos_transitions FAST -> CHEAP-ANALYSIS" c_transitions
check "change_object_qos to CHEAP-ANALYSIS: 204, shown by CDMI and PROPFIND" c_change
check "change_object_qos back to FAST" c_change_back
check "the bytes are unchanged by the class changes" c_bytes_unchanged
check "change_object_qos to a class the area has not: refused, nothing changed" c_unknown_class
check "area without classes: its label; anonymous change refused" c_plain_refused
iop_suite_end
