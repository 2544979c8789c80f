#!/usr/bin/env bash
# curl: the HTTP/WebDAV behaviour that Rucio, gfal2 and davix rely on (SPECS 4.1, 4.2, 5.1, 5.3, 5.4), one request at a
# time so a failure shows the exact exchange. Targets: IOP_URL (read-write area, PUT creates parents), IOP_URL_STRICT
# (strict RFC 4918 PUT; optional), IOP_CANARY_TEXT (optional: text of a file beside the area root that path attacks must
# never reveal), IOP_SERVER_DIR (optional: that directory, to prove no escaping PUT landed there).
source "$(dirname "$0")/../lib.sh"
iop_suite_begin curl
iop_need IOP_URL || { iop_suite_end; exit; }
DAVXML="$IOP_HOME/davxml.py"

U=${IOP_URL%/}
ORIGIN=$(printf '%s' "$U" | sed -E 's#^(https?://[^/]+).*#\1#')
APATH=${U#"$ORIGIN"}                       # e.g. /data
D="$U/iop-curl-$IOP_RUN"                   # this suite's collection
DP="$APATH/iop-curl-$IOP_RUN"              # ... as a path
F=$IOP_WORK/payload.bin; make_file "$F" 100000
FSUM=$(adler32_of "$F")
printf 'a' > "$IOP_WORK/a.txt"             # adler32 00620062: leading zeros must be kept

t_head_root()        { req HEAD "$U/"; want_status 200; }
t_head_root_noslash(){ req HEAD "$U"; want_status 200; }
t_options()          { req OPTIONS "$U/"; want_status 200; want_header DAV '(^|[ ,])1([ ,]|$)'; want_header Allow 'COPY'; }
t_mkcol_new()        { req MKCOL "$D/"; want_status 201; }
t_head_coll_noslash(){ req HEAD "$D"; want_status 200; }
t_mkcol_exists()     { req MKCOL "$D/"; want_status 405; }
t_mkcol_no_parent()  { req MKCOL "$D/no/such/parent/"; want_status 409; }
t_put_new_parents()  { req PUT "$D/p1/p2/file.bin" --data-binary "@$F"; want_status 201;
                       req GET "$D/p1/p2/file.bin"; want_status 200; same_bytes "$F" "$REQ_BODY"; }
t_put_new()          { req PUT "$D/file.bin" --data-binary "@$F"; want_status 201; }
t_put_overwrite()    { req PUT "$D/file.bin" --data-binary "@$F"; want_status 200; }
t_put_a()            { req PUT "$D/a.txt" --data-binary "@$IOP_WORK/a.txt"; want_status 201; }
t_get()              { req GET "$D/file.bin"; want_status 200; want_header Content-Length "^$(stat -c %s "$F")\$";
                       same_bytes "$F" "$REQ_BODY"; }
t_head_file()        { req HEAD "$D/file.bin"; want_status 200; want_header Content-Length "^$(stat -c %s "$F")\$"; }
t_head_missing()     { req HEAD "$D/no-such-file"; want_status 404; }
t_get_double_slash() { req GET "$ORIGIN/$APATH//iop-curl-$IOP_RUN//file.bin"; want_status 200; same_bytes "$F" "$REQ_BODY"; }
t_strict_put_no_parent() { req PUT "${IOP_URL_STRICT%/}/iop-curl-$IOP_RUN-missing/file.bin" --data-binary "@$F"; want_status 409; }
t_strict_put_ok()    { req PUT "${IOP_URL_STRICT%/}/iop-curl-$IOP_RUN.bin" --data-binary "@$F"; want_status 201;
                       req DELETE "${IOP_URL_STRICT%/}/iop-curl-$IOP_RUN.bin"; want_status 204; }

t_propfind0_file() {
  req PROPFIND "$D/file.bin" -H 'Depth: 0'; want_status 207
  /usr/bin/python3 "$DAVXML" "$REQ_BODY" --first-href "$DP/file.bin" --first-file \
    --prop-eq getcontentlength "$(stat -c %s "$F")" --prop getlastmodified --prop resourcetype
}
t_propfind0_coll() {
  req PROPFIND "$D/" -H 'Depth: 0'; want_status 207
  /usr/bin/python3 "$DAVXML" "$REQ_BODY" --first-href "$DP/" --first-collection --prop getlastmodified \
    --prop-int quota-used-bytes --rucio-quota
}
t_propfind0_root() {  # Rucio webdav.py get_space_usage: Depth 0, no body, on the RSE prefix
  req PROPFIND "$U/" -H 'Depth: 0'; want_status 207
  /usr/bin/python3 "$DAVXML" "$REQ_BODY" --first-collection --prop-int quota-used-bytes --rucio-quota
}
t_propfind_quota_explicit() {  # davix get_quota
  req PROPFIND "$D/" -H 'Depth: 0' -H 'Content-Type: application/xml' --data-binary \
    '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:quota-used-bytes/><D:quota-available-bytes/></D:prop></D:propfind>'
  want_status 207
  /usr/bin/python3 "$DAVXML" "$REQ_BODY" --prop-int quota-used-bytes
}
t_propfind1_coll() {
  req PROPFIND "$D/" -H 'Depth: 1'; want_status 207
  /usr/bin/python3 "$DAVXML" "$REQ_BODY" --first-href "$DP/" --first-collection --hrefs-absolute \
    --has-href "$DP/file.bin" --has-href "$DP/p1/"
}
t_propfind1_gfal_body() {  # the body gfal2/davix send for a listing (SPECS 5.3)
  req PROPFIND "$D/" -H 'Depth: 1' -H 'Content-Type: text/xml; charset=UTF-8' --data-binary \
    '<?xml version="1.0" encoding="utf-8" ?><D:propfind xmlns:D="DAV:" xmlns:L="LCGDM:"><D:prop><D:displayname/><D:getlastmodified/><D:creationdate/><D:getcontentlength/><D:quota-used-bytes/><D:resourcetype/><L:mode/><D:owner/><D:group/></D:prop></D:propfind>'
  want_status 207
  /usr/bin/python3 "$DAVXML" "$REQ_BODY" --first-href "$DP/" --first-collection --hrefs-absolute --has-href "$DP/file.bin"
}
t_propfind1_file_rucio_stat() {  # Rucio webdav.py stat: Depth 1 on a file, href compared as an unencoded path
  req PROPFIND "$D/file.bin" -H 'Depth: 1'; want_status 207
  /usr/bin/python3 "$DAVXML" "$REQ_BODY" --href-verbatim "$DP/file.bin" --prop-eq getcontentlength "$(stat -c %s "$F")"
}
t_propfind_infinity() { req PROPFIND "$D/" -H 'Depth: infinity'; want_status 403; }
t_propfind_missing()  { req PROPFIND "$D/no-such-file" -H 'Depth: 0'; want_status 404; }

t_range() {
  req GET "$D/file.bin" -H 'Range: bytes=10-19'; want_status 206
  want_header Content-Range "^bytes 10-19/$(stat -c %s "$F")\$"
  head -c 20 "$F" | tail -c 10 > "$IOP_WORK/range.expect"; same_bytes "$IOP_WORK/range.expect" "$REQ_BODY"
}
t_range_suffix() {
  req GET "$D/file.bin" -H 'Range: bytes=-7'; want_status 206
  tail -c 7 "$F" > "$IOP_WORK/range2.expect"; same_bytes "$IOP_WORK/range2.expect" "$REQ_BODY"
}
t_range_bad() { req GET "$D/file.bin" -H "Range: bytes=$(( $(stat -c %s "$F") + 10 ))-"; want_status 416; }

t_digest_head() { req HEAD "$D/file.bin" -H 'Want-Digest: adler32'; want_status 200; want_header Digest "^adler32=$FSUM\$"; }
t_digest_get()  { req GET "$D/file.bin" -H 'Want-Digest: adler32'; want_status 200; want_header Digest "^adler32=$FSUM\$"; }
t_digest_upper(){ req HEAD "$D/file.bin" -H 'Want-Digest: ADLER32'; want_status 200; want_header Digest "^adler32=$FSUM\$"; }
t_digest_qlist(){ req HEAD "$D/file.bin" -H 'Want-Digest: sha-512;q=0.3, adler32;q=1'; want_status 200
                  want_header Digest "(^|,)adler32=$FSUM(,|\$)"; }
t_digest_zeros(){ local want; want=$(adler32_of "$IOP_WORK/a.txt")
                  req HEAD "$D/a.txt" -H 'Want-Digest: adler32'; want_status 200; want_header Digest "^adler32=$want\$"; }
t_digest_after_overwrite() {
  local g="$IOP_WORK/other.bin"; make_file "$g" 4321
  req PUT "$D/rewrite.bin" --data-binary "@$F"; want_status 201
  req PUT "$D/rewrite.bin" --data-binary "@$g"; want_status 200
  req HEAD "$D/rewrite.bin" -H 'Want-Digest: adler32'; want_status 200; want_header Digest "^adler32=$(adler32_of "$g")\$"
}
t_digest_unknown() { req HEAD "$D/file.bin" -H 'Want-Digest: no-such-alg'; want_status 200
                     [ -z "$(header_value Digest)" ] || { echo "a Digest for an unknown algorithm"; return 1; }; }
t_digest_md5_if_any() {  # md5 is optional (SHOULD); when given it must be base64 of the 16 raw bytes (RFC 3230/IANA)
  local want; want=$(openssl dgst -md5 -binary "$F" | base64)
  req HEAD "$D/file.bin" -H 'Want-Digest: md5'; want_status 200
  local v; v=$(header_value Digest)
  [ -z "$v" ] && { echo "(md5 not offered: fine)"; return 0; }
  [ "$v" = "md5=$want" ] || { echo "EXPECTED 'md5=$want' (base64), GOT '$v'"; return 1; }
}
t_put_content_md5_hex() {  # gfal2 sends the user's md5 checksum as hex in Content-MD5 (SPECS 4.1)
  req PUT "$D/md5hex.bin" --data-binary "@$F" -H "Content-MD5: $(openssl dgst -md5 -r "$F" | cut -d' ' -f1)"; want_status 201
  req GET "$D/md5hex.bin"; want_status 200; same_bytes "$F" "$REQ_BODY"
}
t_put_content_md5_b64() {
  req PUT "$D/md5b64.bin" --data-binary "@$F" -H "Content-MD5: $(openssl dgst -md5 -binary "$F" | base64)"; want_status 201
}
t_put_chunked() {  # no Content-Length: Transfer-Encoding: chunked (curl -T - from a pipe)
  echo "\$ curl -T - (chunked) '$D/chunked.bin'"
  local st; st=$(curl -sS --max-time "$IOP_CURL_TIMEOUT" -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' \
    -T - "$D/chunked.bin" <"$F")
  echo "=> status $st"; [ "$st" = 201 ] || { echo "EXPECTED 201"; return 1; }
  req HEAD "$D/chunked.bin" -H 'Want-Digest: adler32'; want_status 200
  want_header Content-Length "^$(stat -c %s "$F")\$"; want_header Digest "^adler32=$FSUM\$"
}
# An upload cut off half way (client killed, FTS timeout) must never leave a truncated file visible: a new name stays
# absent, an existing file keeps its old content.
put_cut_off() {  # put_cut_off URL: announce 1 MB, send 64 KiB, close
  /usr/bin/python3 - "$1" <<'EOF'
import socket, sys, time, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
s = socket.create_connection((u.hostname, u.port), timeout=10)
s.sendall(('PUT %s HTTP/1.1\r\nHost: %s\r\nContent-Length: 1048576\r\nContent-Type: application/octet-stream\r\n\r\n'
           % (u.path, u.netloc)).encode() + b'x' * 65536)
time.sleep(0.3)
s.close()
print('sent 65536 of 1048576 announced bytes to %s, then closed the connection' % u.path)
EOF
}
t_put_aborted_new() {
  put_cut_off "$D/aborted-new.bin"
  local _; for _ in 1 2 3 4 5; do
    req HEAD "$D/aborted-new.bin"; want_status 404; sleep 0.3
  done
}
t_put_aborted_overwrite() {
  req PUT "$D/aborted-old.bin" --data-binary "@$F"; want_status 201
  put_cut_off "$D/aborted-old.bin"
  local _; for _ in 1 2 3; do
    req GET "$D/aborted-old.bin" -H 'Want-Digest: adler32'; want_status 200; same_bytes "$F" "$REQ_BODY"
    want_header Digest "^adler32=$FSUM\$"; sleep 0.3
  done
}
t_digest_collection() { req HEAD "$D/" -H 'Want-Digest: adler32'; want_status 200
                        [ -z "$(header_value Digest)" ] || { echo "a collection has no digest"; return 1; }; }

t_move() {
  req PUT "$D/move-src.bin" --data-binary "@$F"; want_status 201
  req MOVE "$D/move-src.bin" -H "Destination: $D/moved/move-dst.bin"
  want_status 201 409   # a missing parent may be refused (Rucio then MKCOLs the parents and retries)
  if [ "$REQ_STATUS" = 409 ]; then req MKCOL "$D/moved/"; want_status 201
    req MOVE "$D/move-src.bin" -H "Destination: $D/moved/move-dst.bin"; want_status 201; fi
  req HEAD "$D/move-src.bin"; want_status 404
  req GET "$D/moved/move-dst.bin"; want_status 200; same_bytes "$F" "$REQ_BODY"
}
t_move_same_dir() {
  req PUT "$D/ren-a.bin" --data-binary "@$F"; want_status 201
  req MOVE "$D/ren-a.bin" -H "Destination: $D/ren-b.bin"; want_status 201
  req HEAD "$D/ren-b.bin" -H 'Want-Digest: adler32'; want_status 200; want_header Digest "^adler32=$FSUM\$"
}
t_delete_file()  { req DELETE "$D/file.bin"; want_status 204; req HEAD "$D/file.bin"; want_status 404; }
t_delete_missing(){ req DELETE "$D/no-such-file"; want_status 404; }
t_delete_coll()  { req DELETE "$D/"; want_status 204; req HEAD "$D/"; want_status 404; }

# Path attacks (sent verbatim with --path-as-is): never 200, never anything from outside the area.
attack() {
  local path=$1
  req GET "$ORIGIN$path" --path-as-is
  case $REQ_STATUS in 2??) echo "SERVED $path (status $REQ_STATUS)"; return 1 ;; esac
  if grep -aq 'root:x:0:0' "$REQ_BODY"; then echo "LEAKED /etc/passwd"; return 1; fi
  if [ -n "${IOP_CANARY_TEXT:-}" ] && grep -aqF "$IOP_CANARY_TEXT" "$REQ_BODY"; then echo "LEAKED the canary file"; return 1; fi
  req HEAD "$ORIGIN$path" --path-as-is
  case $REQ_STATUS in 2??) echo "HEAD answered $REQ_STATUS for $path"; return 1 ;; esac
  return 0
}
t_put_escape() {
  local path=$1
  req PUT "$ORIGIN$path" --path-as-is --data-binary 'escaped'
  case $REQ_STATUS in 2??) echo "PUT outside the area accepted ($REQ_STATUS)"; return 1 ;; esac
  if [ -n "${IOP_SERVER_DIR:-}" ] && [ -e "$IOP_SERVER_DIR/iop-escape.txt" ]; then echo "file created outside the area"; return 1; fi
  return 0
}

check "HEAD area root collection -> 200"                t_head_root
check "HEAD area root without trailing slash -> 200"   t_head_root_noslash
check "OPTIONS -> 200, DAV: 1, Allow has COPY"          t_options
check "MKCOL new -> 201"                                t_mkcol_new
check "MKCOL existing -> 405"                           t_mkcol_exists
check "HEAD collection without trailing slash -> 200"  t_head_coll_noslash
check "MKCOL missing parent -> 409"                     t_mkcol_no_parent
check "PUT new -> 201"                                  t_put_new
check "PUT overwrite -> 200"                            t_put_overwrite
check "PUT into missing parents creates them -> 201"   t_put_new_parents
check "PUT one byte file -> 201"                        t_put_a
check "GET -> 200, Content-Length, same bytes"          t_get
check "HEAD file -> 200, Content-Length"               t_head_file
check "HEAD missing -> 404"                             t_head_missing
check "GET with duplicate slashes -> 200"               t_get_double_slash
if [ -n "${IOP_URL_STRICT:-}" ]; then
  check "strict area: PUT with missing parent -> 409"   t_strict_put_no_parent
  check "strict area: PUT new -> 201, DELETE -> 204"     t_strict_put_ok
else
  skip "strict area: PUT with missing parent -> 409" "IOP_URL_STRICT not set"
fi
check "PROPFIND Depth 0 no body, file -> 207 allprop"   t_propfind0_file
check "PROPFIND Depth 0 no body, collection -> quota"   t_propfind0_coll
check "PROPFIND Depth 0 no body, area root (Rucio space)" t_propfind0_root
check "PROPFIND explicit quota props (davix)"           t_propfind_quota_explicit
check "PROPFIND Depth 1 lists the collection first"     t_propfind1_coll
check "PROPFIND Depth 1 with gfal2's listing body"      t_propfind1_gfal_body
check "PROPFIND Depth 1 on a file (Rucio stat)"         t_propfind1_file_rucio_stat
check "PROPFIND Depth infinity -> 403"                  t_propfind_infinity
check "PROPFIND missing -> 404"                         t_propfind_missing
check "GET Range bytes=10-19 -> 206"                    t_range
check "GET Range bytes=-7 -> 206"                       t_range_suffix
check "GET Range past the end -> 416"                   t_range_bad
check "HEAD Want-Digest: adler32 -> independent value"  t_digest_head
check "GET Want-Digest: adler32 -> Digest"              t_digest_get
check "HEAD Want-Digest: ADLER32 (gfal2 spelling)"      t_digest_upper
check "HEAD Want-Digest q-list picks adler32"           t_digest_qlist
check "adler32 keeps leading zeros (00620062)"          t_digest_zeros
check "adler32 follows an overwrite"                    t_digest_after_overwrite
check "Want-Digest on a collection -> 200, no Digest"   t_digest_collection
check "Want-Digest unknown algorithm -> 200, no Digest" t_digest_unknown
check "Want-Digest: md5, if offered, is base64"         t_digest_md5_if_any
check "PUT with hex Content-MD5 (gfal2) -> 201"         t_put_content_md5_hex
check "PUT with base64 Content-MD5 -> 201"              t_put_content_md5_b64
check "PUT chunked (no Content-Length) -> 201, digest"  t_put_chunked
check "PUT cut off half way: new name stays absent"     t_put_aborted_new
check "PUT cut off half way: old content kept"          t_put_aborted_overwrite
check "MOVE to a new name in another collection -> 201" t_move
check "MOVE keeps the checksum"                         t_move_same_dir
check "DELETE file -> 204"                              t_delete_file
check "DELETE missing -> 404"                           t_delete_missing
n=0
for p in "$APATH/../etc/passwd" "$APATH/%2e%2e/x" "$APATH/a%00b" "$APATH/..%5c..%5cetc" \
         "$APATH/../canary-outside-area.txt" "$APATH/%2e%2e/canary-outside-area.txt" \
         "$APATH/%2e%2e%2fcanary-outside-area.txt" "$APATH/..%2fcanary-outside-area.txt" \
         "$APATH/..%5ccanary-outside-area.txt" "$APATH/%252e%252e/canary-outside-area.txt" \
         "$APATH/iop-curl-$IOP_RUN/../../canary-outside-area.txt" "$APATH/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd"; do
  n=$((n + 1)); check "path attack $n: GET/HEAD $p" attack "$p"
done
check "path attack: PUT $APATH/%2e%2e/iop-escape.txt"   t_put_escape "$APATH/%2e%2e/iop-escape.txt"
check "path attack: PUT $APATH/../iop-escape.txt"       t_put_escape "$APATH/../iop-escape.txt"
check "DELETE collection -> 204"                        t_delete_coll

iop_suite_end
