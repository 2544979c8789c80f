#!/usr/bin/env bash
# large: one 256 MiB file up and down through gfal2 (davs://, -K ADLER32) and davix (http), every copy compared byte for
# byte and by an adler32 computed here. The gateway runs with a small heap (-Xmx256m, see lib.sh), so a server that
# buffers whole files fails this suite. Bigger files and speed belong to bench/. Size: IOP_LARGE_MIB (default 256).
source "$(dirname "$0")/../lib.sh"
iop_suite_begin large
iop_need IOP_URL || { iop_suite_end; exit; }

MIB=${IOP_LARGE_MIB:-256}
BIG=$IOP_WORK/big.bin
make_file "$BIG" $((MIB * 1024 * 1024))
SUM=$(adler32_of "$BIG")
echo "  ($MIB MiB test file, adler32 $SUM)"

digest_is() {  # digest_is URL: HEAD Want-Digest: adler32 gives the independent value
  req HEAD "$1" -H 'Want-Digest: adler32'; want_status 200; want_header Digest "^adler32=$SUM\$"
}

if [ -n "${IOP_URL_TLS:-}" ]; then
  export X509_CERT_DIR=$IOP_CA_DIR
  G="davs://${IOP_URL_TLS#https://}"; G="${G%/}/iop-large-$IOP_RUN/gfal-big.bin"
  t_gfal_up()   { gfal gfal-copy -p -K ADLER32 "file://$BIG" "$G"; }
  t_gfal_sum()  { local got; got=$(gfal gfal-sum "$G" ADLER32 | awk '{print $NF}' | tail -n 1)
                  [ "$got" = "$SUM" ] || { echo "gfal-sum '$got' != $SUM"; return 1; }; }
  t_gfal_down() { rm -f "$IOP_WORK/gfal-down.bin"; gfal gfal-copy -K ADLER32 "$G" "file://$IOP_WORK/gfal-down.bin"
                  same_bytes "$BIG" "$IOP_WORK/gfal-down.bin"; rm -f "$IOP_WORK/gfal-down.bin"; }
  check "gfal-copy -K ADLER32 upload ${MIB} MiB (davs)"     t_gfal_up
  check "gfal-sum ADLER32 of it = independent adler32"      t_gfal_sum
  check "gfal-copy -K ADLER32 download ${MIB} MiB, same bytes" t_gfal_down
else
  skip "gfal ${MIB} MiB (davs)" "IOP_URL_TLS not set"
fi

V="${IOP_URL%/}/iop-large-$IOP_RUN/davix-big.bin"
t_davix_up()   { run davix-put --retry 0 --timeout 300 "$BIG" "$V"; digest_is "$V"; }
t_davix_down() { rm -f "$IOP_WORK/davix-down.bin"; run davix-get --retry 0 --timeout 300 "$V" "$IOP_WORK/davix-down.bin"
                 same_bytes "$BIG" "$IOP_WORK/davix-down.bin"; [ "$(adler32_of "$IOP_WORK/davix-down.bin")" = "$SUM" ]
                 rm -f "$IOP_WORK/davix-down.bin"; }
t_range_tail() { local n=$((MIB * 1024 * 1024))
                 req GET "$V" -H "Range: bytes=$((n - 65536))-"; want_status 206
                 tail -c 65536 "$BIG" > "$IOP_WORK/tail.expect"; same_bytes "$IOP_WORK/tail.expect" "$REQ_BODY"; rm -f "$REQ_BODY"; }
t_cleanup()    { req DELETE "${IOP_URL%/}/iop-large-$IOP_RUN/"; want_status 204; }
check "davix-put ${MIB} MiB (http), Digest = independent adler32" t_davix_up
check "davix-get ${MIB} MiB, same bytes"                          t_davix_down
check "Range GET of the last 64 KiB"                              t_range_tail
check "DELETE the collection with the large files -> 204"         t_cleanup
rm -f "$BIG"

iop_suite_end
