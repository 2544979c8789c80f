#!/usr/bin/env bash
# litmus: the neon WebDAV conformance suite, one check per group, against IOP_URL_STRICT over plain http (litmus reads
# only the system CA store, and its put_no_parent test needs strict RFC 4918 PUT). litmus works inside URL/litmus/ and
# needs URL itself to exist. Groups basic, copymove, props and http must pass 100%; locks is skipped when the server does
# not claim DAV class 2 (litmus itself skips its lock tests then).
source "$(dirname "$0")/../lib.sh"
iop_suite_begin litmus
if [ -z "${IOP_URL_STRICT:-}" ]; then
  skip "litmus" "IOP_URL_STRICT not set (litmus needs an area with strict RFC 4918 PUT)"; iop_suite_end; exit
fi
L="${IOP_URL_STRICT%/}/"

# litmus_group GROUP: run one group through the litmus wrapper (TESTS= selects the test program; the Debian package keeps
# them in /usr/libexec/litmus). Each group gets its own directory for debug.log / child.log.
litmus_group() {
  local g=$1; local dir="$IOP_WORK/$g"
  mkdir -p "$dir"; cd "$dir" || return 1
  local rc=0
  TESTS=$g litmus "$L" >"$dir/out.txt" 2>&1 || rc=$?
  # litmus redraws its progress line: keep the result of each test only.
  sed -e 's/\.\{3,\} *[0-9]*\. [a-z0-9_]*\.* / /g' "$dir/out.txt"
  grep -a "^<- summary for \`$g'" "$dir/out.txt" > "$dir/summary.txt" || true
  if [ $rc -ne 0 ] || ! grep -q ' 0 failed' "$dir/summary.txt"; then
    echo "--- exchanges of the failed tests (from $dir/debug.log; rerun: TESTS=$g litmus $L):"
    awk '{ line=$0; while (match(line, /[0-9]+\. [a-z0-9_]+\./)) { t=substr(line, RSTART, RLENGTH); sub(/^[0-9]+\. /, "", t);
           sub(/\.$/, "", t); name=t; line=substr(line, RSTART+RLENGTH) }
           if ($0 ~ /FAIL/) print name }' "$dir/out.txt" | sort -u | while read -r t; do
      /usr/bin/python3 - "$dir/debug.log" "$t" <<'PY'
import re, sys
log, test = sys.argv[1], sys.argv[2]
on, ex, out = False, None, []
keep = ('depth', 'destination', 'overwrite', 'content-type', 'if', 'lock-token', 'timeout', 'content-length', 'range')
for raw in open(log, 'rb'):
    line = raw.decode('utf-8', 'replace').rstrip('\r\n')
    m = re.match(r'\*{7} Running test \d+: (\S+) ', line)
    if m:
        on = m.group(1) == test
        continue
    if not on:
        continue
    m = re.match(r'^([A-Z]+) (\S+) HTTP/1\.[01]$', line)
    if m:
        ex = [m.group(1) + ' ' + m.group(2)]
        out.append(ex)
        continue
    if ex is not None and ':' in line and not line.startswith('[') and line.split(':', 1)[0].lower() in keep and len(ex) < 8:
        ex.append(line.strip())
        continue
    m = re.match(r'^\[status-line\] < (HTTP/\S+ .*)$', line)
    if m and ex is not None:
        ex.append('=> ' + m.group(1))
print('### %s: %d requests' % (test, len(out)))
for e in out[-25:]:
    print('  ' + ' | '.join(e))
PY
    done
    return 1
  fi
}

print_summary() { [ -s "$IOP_WORK/$1/summary.txt" ] && sed 's/^/        /' "$IOP_WORK/$1/summary.txt"; return 0; }

for g in basic copymove props http; do
  check "litmus $g (100%)" litmus_group "$g"
  print_summary "$g"
done
dav=$(curl -sS -o /dev/null -D - --max-time 10 -X OPTIONS "$L" | tr -d '\r' | awk -F': *' 'tolower($1)=="dav" {print $2}')
if printf '%s' "$dav" | grep -Eq '(^|[ ,])2([ ,]|$)'; then
  check "litmus locks (100%)" litmus_group locks
  print_summary locks
else
  skip "litmus locks" "server claims DAV '${dav:-none}', no class 2: locks not implemented"
fi

# litmus leaves its working collection behind (each group only cleans it at its start).
curl -sS -o /dev/null --max-time 30 -X DELETE "${L}litmus/" || true

iop_suite_end
