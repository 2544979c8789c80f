#!/usr/bin/env bash
# interop/s3proxy.sh: a real S3 server for the interop run against S3-backed areas, without Docker (LocalStack needs
# it; see docs/decisions/0006-s3proxy-instead-of-localstack.md). Sourced by interop/run-s3; run alone it starts one
# in the foreground:  interop/s3proxy.sh DIR  (prints the endpoint and keys, Ctrl-C stops it).
#
# s3proxy comes from Maven Central through Maven itself (mvn dependency:copy, cached in ~/.m2): nothing else is
# downloaded at run time. It listens on a loopback ephemeral port, checks SigV4 signatures and keeps objects under
# DIR/store (filesystem-nio2 provider), in one bucket.
#
# iop_s3proxy_start DIR: exports IOP_S3_ENDPOINT, IOP_S3_BUCKET, IOP_S3_ACCESS, IOP_S3_SECRET, IOP_S3_PID, IOP_S3_LOG.
# iop_s3proxy_stop:      SIGTERM, then SIGKILL after 10 s.
# iop_s3 METHOD PATH [curl args]: a SigV4-signed request to the bucket (PATH like "?list-type=2"), body on stdout.

IOP_S3PROXY_VERSION=${IOP_S3PROXY_VERSION:-4.1.0}

iop_s3proxy_jar() {  # prints the path of the jar-with-dependencies, fetching it through Maven if needed
  local dir=${IOP_S3PROXY_DIR:-$HOME/.cache/tributary/s3proxy}
  local jar="$dir/s3proxy-$IOP_S3PROXY_VERSION-jar-with-dependencies.jar"
  if [ ! -s "$jar" ]; then
    mvn -q -B -ntp dependency:copy -Dartifact="org.gaul:s3proxy:$IOP_S3PROXY_VERSION:jar:jar-with-dependencies" \
      -DoutputDirectory="$dir" >&2 || return 1
  fi
  [ -s "$jar" ] && echo "$jar"
}

iop_s3proxy_start() {
  local dir=$1 jar port attempt
  jar=$(iop_s3proxy_jar) || { echo "could not get s3proxy $IOP_S3PROXY_VERSION through Maven" >&2; return 1; }
  mkdir -p "$dir/store"
  IOP_S3_BUCKET=tributary-interop
  IOP_S3_ACCESS=interop-$RANDOM$RANDOM
  IOP_S3_SECRET=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  IOP_S3_LOG="$dir/s3proxy.log"
  for attempt in 1 2; do
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    cat > "$dir/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$IOP_S3_ACCESS
s3proxy.credential=$IOP_S3_SECRET
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$dir/store
CONF
    java -Xmx512m -jar "$jar" --properties "$dir/s3proxy.conf" >>"$IOP_S3_LOG" 2>&1 &
    IOP_S3_PID=$!
    IOP_S3_ENDPOINT="http://127.0.0.1:$port"
    export IOP_S3_ENDPOINT IOP_S3_BUCKET IOP_S3_ACCESS IOP_S3_SECRET IOP_S3_PID IOP_S3_LOG
    local deadline=$((SECONDS + 30))
    while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$IOP_S3_PID" 2>/dev/null; do
      # any HTTP answer (403 without a signature) means it is listening
      if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$IOP_S3_ENDPOINT/" 2>/dev/null)" != 000 ]; then
        iop_s3 PUT "" -o /dev/null -w '%{http_code}' | grep -q '^200$' || { echo "could not create bucket $IOP_S3_BUCKET" >&2; return 1; }
        return 0
      fi
      sleep 0.2
    done
    echo "s3proxy not ready on $IOP_S3_ENDPOINT (attempt $attempt):" >&2; tail -n 20 "$IOP_S3_LOG" >&2
    iop_s3proxy_stop
  done
  return 1
}

iop_s3proxy_stop() {
  [ -n "${IOP_S3_PID:-}" ] || return 0
  local pid=$IOP_S3_PID deadline=$((SECONDS + 10)); IOP_S3_PID=
  kill -TERM "$pid" 2>/dev/null
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

iop_s3() {
  local method=$1 path=$2; shift 2
  curl -s --max-time 30 -X "$method" --aws-sigv4 "aws:amz:us-east-1:s3" --user "$IOP_S3_ACCESS:$IOP_S3_SECRET" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    "$IOP_S3_ENDPOINT/$IOP_S3_BUCKET$path" "$@"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -u
  dir=${1:?usage: interop/s3proxy.sh DIR}
  trap 'iop_s3proxy_stop; exit 130' INT TERM
  iop_s3proxy_start "$dir" || exit 1
  echo "s3proxy $IOP_S3PROXY_VERSION on $IOP_S3_ENDPOINT, bucket $IOP_S3_BUCKET, access key $IOP_S3_ACCESS, secret $IOP_S3_SECRET"
  wait "$IOP_S3_PID"
fi
