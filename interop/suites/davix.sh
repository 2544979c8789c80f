#!/usr/bin/env bash
# davix: the davix 0.8 command-line tools (the HTTP library under gfal2 and FTS) against IOP_URL (http) and IOP_URL_TLS
# (https; the davix CLI ignores X509_CERT_DIR and needs --capath with a hashed CA directory: IOP_CA_DIR).
source "$(dirname "$0")/../lib.sh"
iop_suite_begin davix
iop_need IOP_URL || { iop_suite_end; exit; }

SRC=$IOP_WORK/src.bin; make_file "$SRC" $((3 * 1024 * 1024 + 17))
# --retry 0: davix retries 3 times by default, which would hide a flaky server.
DAVIX_OPTS=(--retry 0 --timeout 120 --conn-timeout 10)

davix_round() {  # davix_round LABEL BASE [extra davix options]
  local label=$1 base=${2%/}; shift 2
  local o=("${DAVIX_OPTS[@]}" "$@") d="$base/iop-davix-$label-$IOP_RUN"
  t_mkdir()  { run davix-mkdir "${o[@]}" "$d"; run davix-mkdir "${o[@]}" "$d/sub"; }
  t_put()    { run davix-put "${o[@]}" "$SRC" "$d/sub/file.bin"; }
  t_put_parents() { run davix-put "${o[@]}" "$SRC" "$d/new/parents/file.bin"; }
  t_put_space() { run davix-put "${o[@]}" "$SRC" "$d/sub/with%20space%20%C3%A9.bin"; }
  t_get()    { rm -f "$IOP_WORK/got.bin"; run davix-get "${o[@]}" "$d/sub/file.bin" "$IOP_WORK/got.bin"; same_bytes "$SRC" "$IOP_WORK/got.bin"; }
  t_get_space() { rm -f "$IOP_WORK/got2.bin"; run davix-get "${o[@]}" "$d/sub/with%20space%20%C3%A9.bin" "$IOP_WORK/got2.bin"
                  same_bytes "$SRC" "$IOP_WORK/got2.bin"; }
  t_ls() {
    # davix-ls prints the last segment of each href as the server wrote it (percent-encoded or not): decode it here.
    run davix-ls "${o[@]}" "$d/sub" | tee /dev/stderr |
      /usr/bin/python3 -c 'import sys, urllib.parse; [print(urllib.parse.unquote(l.rstrip("\n"))) for l in sys.stdin]' >"$IOP_WORK/ls.txt"
    grep -qx 'file.bin' "$IOP_WORK/ls.txt" || { echo "file.bin not listed"; return 1; }
    grep -qx 'with space é.bin' "$IOP_WORK/ls.txt" || { echo "'with space é.bin' not listed (decoded)"; return 1; }
    [ "$(wc -l <"$IOP_WORK/ls.txt")" -eq 2 ] || { echo "expected exactly 2 entries"; return 1; }
  }
  t_ls_long() {
    run davix-ls -l "${o[@]}" "$d/sub" | tee "$IOP_WORK/lsl.txt"
    grep -E "[[:space:]]$(stat -c %s "$SRC")[[:space:]].*file\.bin\$" "$IOP_WORK/lsl.txt" >/dev/null ||
      { echo "file.bin with size $(stat -c %s "$SRC") not in the long listing"; return 1; }
  }
  t_mkdir_exists() { if run davix-mkdir "${o[@]}" "$d/sub"; then echo "mkdir of an existing collection succeeded"; return 1; fi; return 0; }
  t_rm() { run davix-rm "${o[@]}" "$d/sub/file.bin"; if run davix-ls "${o[@]}" "$d/sub/file.bin"; then echo "still there"; return 1; fi; }
  t_rm_dir() { run davix-rm "${o[@]}" "$d/"; if run davix-ls "${o[@]}" "$d"; then echo "collection still there"; return 1; fi; }
  check "$label: davix-mkdir"                          t_mkdir
  check "$label: davix-mkdir existing fails"           t_mkdir_exists
  check "$label: davix-put"                            t_put
  check "$label: davix-put into missing parents"       t_put_parents
  check "$label: davix-put name with space and UTF-8"  t_put_space
  check "$label: davix-get same bytes"                 t_get
  check "$label: davix-get name with space and UTF-8"  t_get_space
  check "$label: davix-ls"                             t_ls
  check "$label: davix-ls -l shows the size"           t_ls_long
  check "$label: davix-rm file"                        t_rm
  check "$label: davix-rm collection"                  t_rm_dir
}

davix_round http "$IOP_URL"
if [ -n "${IOP_URL_TLS:-}" ]; then
  davix_round https "$IOP_URL_TLS" --capath "$IOP_CA_DIR"
  t_untrusted() {  # the same request without the test CA must fail: proves TLS is really verified
    local d="${IOP_URL_TLS%/}/"
    if run davix-ls "${DAVIX_OPTS[@]}" "$d"; then echo "davix accepted a certificate from an untrusted CA"; return 1; fi
    return 0
  }
  check "https: davix refuses the server without the test CA" t_untrusted
else
  skip "https: davix" "IOP_URL_TLS not set"
fi

iop_suite_end
