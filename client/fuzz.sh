#!/usr/bin/env bash
# Fuzzes each fuzz target in turn for its maxDuration (2 minutes), one JVM per target as Jazzer
# requires, and prints each target's last libFuzzer status line. The targets are ParserFuzzTest's
# (dev.courier) and Http2FuzzTest's (dev.courier.internal.http2). A crash fails the run: Jazzer
# writes the input under client/src/test/resources/<package>/<Class>Inputs/<target>/, where the
# normal suite replays it from then on.
#
#   client/fuzz.sh                        every target
#   client/fuzz.sh chunkedBody httpUrl    some of them
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(statusLineAndHeaders chunkedBody cacheControl httpUrl cacheEntry
  frameReader hpackDecoder)
mkdir -p client/target
status=0
for target in "${targets[@]}"; do
  case "$target" in
    frameReader|hpackDecoder) test="Http2FuzzTest#$target" ;;
    *) test="ParserFuzzTest#$target" ;;
  esac
  log="client/target/fuzz-$target.log"
  printf '== %s (log: %s)\n' "$test" "$log"
  if JAZZER_FUZZ=1 ./mvnw -B -pl client test -Dtest="$test" >"$log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$log" || true
    grep -E '^#[0-9]+' "$log" | tail -1 || true
  else
    status=1
    echo "FAILED: see $log"
    grep -E '== Java Exception|crash-|Caused by|^\s+at dev\.courier' "$log" | head -20 || true
  fi
done
exit $status
