#!/usr/bin/env bash
# Fuzzes each of ParserFuzzTest's targets in turn for its maxDuration (2 minutes), one JVM per
# target as Jazzer requires, and prints each target's last libFuzzer status line. A crash fails the
# run: Jazzer writes the input under client/src/test/resources/dev/courier/ParserFuzzTestInputs/
# <target>/, where the normal suite replays it from then on.
#
#   client/fuzz.sh                      every target
#   client/fuzz.sh chunkedBody httpUrl  some of them
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(statusLineAndHeaders chunkedBody cacheControl httpUrl cacheEntry)
mkdir -p client/target
status=0
for target in "${targets[@]}"; do
  log="client/target/fuzz-$target.log"
  printf '== %s (log: %s)\n' "$target" "$log"
  if JAZZER_FUZZ=1 ./mvnw -B -pl client test -Dtest="ParserFuzzTest#$target" >"$log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$log" || true
    grep -E '^#[0-9]+' "$log" | tail -1 || true
  else
    status=1
    echo "FAILED: see $log"
    grep -E '== Java Exception|crash-|Caused by|^\s+at dev\.courier' "$log" | head -20 || true
  fi
done
exit $status
