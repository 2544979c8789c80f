#!/usr/bin/env bash
# gfal: the gfal2-util command-line tools (what Rucio's gfal protocol and FTS use) against IOP_URL_TLS as davs:// (trust
# via X509_CERT_DIR=IOP_CA_DIR) and IOP_URL as http://. The gfal-* scripts run with GFAL_PYTHONBIN=/usr/bin/python3.
source "$(dirname "$0")/../lib.sh"
iop_suite_begin gfal
iop_need IOP_URL || { iop_suite_end; exit; }

SRC=$IOP_WORK/src.bin; make_file "$SRC" $((2 * 1024 * 1024 + 5))
SUM=$(adler32_of "$SRC")

gfal_round() {  # gfal_round LABEL BASE-URL
  local label=$1 base=${2%/}
  local d="$base/iop-gfal-$label-$IOP_RUN"
  t_upload()   { gfal gfal-copy -p "file://$SRC" "$d/up/file.bin"; }
  t_upload_overwrite() { gfal gfal-copy -f "file://$SRC" "$d/up/file.bin"; }
  t_upload_k() { gfal gfal-copy -p -K ADLER32 "file://$SRC" "$d/up/file-k.bin"; }
  t_download() { rm -f "$IOP_WORK/down.bin"; gfal gfal-copy "$d/up/file.bin" "file://$IOP_WORK/down.bin"; same_bytes "$SRC" "$IOP_WORK/down.bin"; }
  t_download_k() { rm -f "$IOP_WORK/down-k.bin"; gfal gfal-copy -K ADLER32 "$d/up/file-k.bin" "file://$IOP_WORK/down-k.bin"
                   same_bytes "$SRC" "$IOP_WORK/down-k.bin"; }
  t_ls() {
    gfal gfal-ls "$d/up" | tee "$IOP_WORK/ls.txt"
    sed -e 's/[[:space:]]*$//' "$IOP_WORK/ls.txt" | sort > "$IOP_WORK/ls.sorted"
    printf 'file-k.bin\nfile.bin\n' | diff - "$IOP_WORK/ls.sorted"
  }
  t_ls_l() {
    gfal gfal-ls -l "$d/up" | tee "$IOP_WORK/lsl.txt"
    grep -E "^-.*[[:space:]]$(stat -c %s "$SRC")[[:space:]].*file\.bin[[:space:]]*\$" "$IOP_WORK/lsl.txt" >/dev/null ||
      { echo "no regular file file.bin of $(stat -c %s "$SRC") bytes in the long listing"; return 1; }
  }
  t_stat_file() {
    gfal gfal-stat "$d/up/file.bin" | tee "$IOP_WORK/stat.txt"
    grep -Eq "Size: $(stat -c %s "$SRC")[[:space:]]+regular file" "$IOP_WORK/stat.txt" || { echo "size/type wrong"; return 1; }
  }
  t_stat_dir() {
    gfal gfal-stat "$d/up" | tee "$IOP_WORK/statd.txt"
    grep -q 'directory' "$IOP_WORK/statd.txt" || { echo "not reported as a directory"; return 1; }
  }
  t_stat_missing() {
    if gfal gfal-stat "$d/up/no-such-file" 2>&1 | tee "$IOP_WORK/statm.txt"; then echo "stat of a missing file succeeded"; return 1; fi
    grep -q 'No such file' "$IOP_WORK/statm.txt" || { echo "expected ENOENT"; return 1; }
  }
  t_sum() {
    gfal gfal-sum "$d/up/file.bin" ADLER32 | tee "$IOP_WORK/sum.txt"
    local got; got=$(awk '{print $NF}' "$IOP_WORK/sum.txt" | tail -n 1)
    [ "$got" = "$SUM" ] || { echo "gfal-sum says '$got', independent adler32 is $SUM"; return 1; }
  }
  t_mkdir_p()  { gfal gfal-mkdir -p "$d/a/b/c"; gfal gfal-stat "$d/a/b/c" | grep directory >/dev/null; }
  t_mkdir_exists() {
    if gfal gfal-mkdir "$d/a/b/c" 2>&1 | tee "$IOP_WORK/mk.txt"; then echo "mkdir of an existing directory succeeded"; return 1; fi
    grep -q 'File exists' "$IOP_WORK/mk.txt" || { echo "expected EEXIST"; return 1; }
  }
  t_rename()   { gfal gfal-rename "$d/up/file-k.bin" "$d/up/renamed.bin"; gfal gfal-stat "$d/up/renamed.bin" >/dev/null
                 if gfal gfal-stat "$d/up/file-k.bin" >/dev/null 2>&1; then echo "source still exists"; return 1; fi; return 0; }
  t_rm_file()  { gfal gfal-rm "$d/up/renamed.bin"; if gfal gfal-stat "$d/up/renamed.bin" >/dev/null 2>&1; then echo "still exists"; return 1; fi; return 0; }
  t_rm_r()     { gfal gfal-rm -r "$d"; if gfal gfal-stat "$d" >/dev/null 2>&1; then echo "still exists"; return 1; fi; return 0; }
  check "$label: gfal-copy upload (-p, parents missing)"  t_upload
  check "$label: gfal-copy -f overwrite"                  t_upload_overwrite
  check "$label: gfal-copy -K ADLER32 upload"             t_upload_k
  check "$label: gfal-copy download, same bytes"          t_download
  check "$label: gfal-copy -K ADLER32 download"           t_download_k
  check "$label: gfal-ls"                                 t_ls
  check "$label: gfal-ls -l"                              t_ls_l
  check "$label: gfal-stat file"                          t_stat_file
  check "$label: gfal-stat directory"                     t_stat_dir
  check "$label: gfal-stat missing -> ENOENT"             t_stat_missing
  check "$label: gfal-sum ADLER32 = independent adler32"  t_sum
  check "$label: gfal-mkdir -p"                           t_mkdir_p
  check "$label: gfal-mkdir existing -> EEXIST"           t_mkdir_exists
  check "$label: gfal-rename"                             t_rename
  check "$label: gfal-rm file"                            t_rm_file
  check "$label: gfal-rm -r"                              t_rm_r
}

if [ -n "${IOP_URL_TLS:-}" ]; then
  export X509_CERT_DIR=$IOP_CA_DIR
  gfal_round davs "davs://${IOP_URL_TLS#https://}"
  t_untrusted() {  # without the test CA in X509_CERT_DIR the same listing must fail: TLS is really verified
    if X509_CERT_DIR=$IOP_WORK/empty-ca-dir gfal gfal-ls "davs://${IOP_URL_TLS#https://}/"; then
      echo "gfal2 accepted a certificate from an untrusted CA"; return 1; fi; return 0; }
  mkdir -p "$IOP_WORK/empty-ca-dir"
  check "davs: gfal-ls refuses the server without the test CA" t_untrusted
else
  skip "davs: gfal" "IOP_URL_TLS not set"
fi
gfal_round http "$IOP_URL"

iop_suite_end
