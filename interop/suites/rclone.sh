#!/usr/bin/env bash
# rclone: the webdav backend (vendor "other") on an on-the-fly remote (--webdav-url), against IOP_URL and IOP_URL_TLS
# (--ca-cert IOP_CA_PEM). copy, check --download (byte compare), sync after local changes, check again, copy back.
# With vendor "other" rclone can neither set modification times nor read hashes, so sync decides by size alone: the
# changed file below changes size on purpose.
source "$(dirname "$0")/../lib.sh"
iop_suite_begin rclone
iop_need IOP_URL || { iop_suite_end; exit; }
export RCLONE_CONFIG="$IOP_WORK/rclone.conf"; : >"$RCLONE_CONFIG"
# One attempt only: rclone's retries would hide a flaky server.
RC_OPTS=(--retries 1 --low-level-retries 1 --timeout 60s --contimeout 10s --webdav-vendor other -v --stats 0)

make_tree() {
  local t=$1; rm -rf "$t"; mkdir -p "$t/sub/deeper" "$t/other dir"
  printf 'hello rclone\n' > "$t/a.txt"
  make_file "$t/sub/b.bin" 100000
  make_file "$t/sub/deeper/c.bin" 1234567
  make_file "$t/other dir/name with space.bin" 4096
  make_file "$t/sub/to-change.bin" 5000
  make_file "$t/sub/to-delete.bin" 777
  : > "$t/empty.dat"
}

rclone_round() {  # rclone_round LABEL BASE-URL [extra rclone options]
  local label=$1 base=${2%/}; shift 2
  local o=("${RC_OPTS[@]}" --webdav-url "$base" "$@") r=":webdav:iop-rclone-$label-$IOP_RUN" t="$IOP_WORK/tree-$label"
  make_tree "$t"
  t_copy()   { run rclone copy "${o[@]}" "$t" "$r"; }
  t_check()  { run rclone check "${o[@]}" --download "$t" "$r"; }
  t_change() {
    make_file "$t/sub/to-change.bin" 6000; rm -f "$t/sub/to-delete.bin"; make_file "$t/sub/new.bin" 321
    run rclone sync "${o[@]}" "$t" "$r"
  }
  t_check2() { run rclone check "${o[@]}" --download "$t" "$r"; }
  t_lsf() {
    run rclone lsf "${o[@]}" -R --files-only "$r" | sort > "$IOP_WORK/lsf-$label.txt"
    (cd "$t" && find . -type f | sed 's|^\./||' | sort) | diff - "$IOP_WORK/lsf-$label.txt"
  }
  t_copy_back() {
    rm -rf "$IOP_WORK/back-$label"
    run rclone copy "${o[@]}" "$r" "$IOP_WORK/back-$label"
    diff -r "$t" "$IOP_WORK/back-$label"
  }
  t_purge() {
    run rclone purge "${o[@]}" "$r"
    if run rclone lsf "${o[@]}" "$r" 2>/dev/null; then echo "still listed after purge"; return 1; fi; return 0
  }
  check "$label: rclone copy (tree with spaces, empty file)" t_copy
  check "$label: rclone check --download"                   t_check
  check "$label: rclone sync after change/delete/add"       t_change
  check "$label: rclone check --download after sync"        t_check2
  check "$label: rclone lsf -R matches the local tree"      t_lsf
  check "$label: rclone copy back, same tree"               t_copy_back
  check "$label: rclone purge"                              t_purge
}

rclone_round http "$IOP_URL"
if [ -n "${IOP_URL_TLS:-}" ]; then
  rclone_round https "$IOP_URL_TLS" --ca-cert "$IOP_CA_PEM"
else
  skip "https: rclone" "IOP_URL_TLS not set"
fi

iop_suite_end
