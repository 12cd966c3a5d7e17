#!/usr/bin/env bash
# Soaks Courier against the benchmark nginx on loopback: 1,000,000 requests, half sequential and
# half 32 at a time through the dispatcher, printing heap after GC, open file descriptors and live
# threads at intervals. Exits non-zero if a column grew (see SoakMain) or a request failed.
#
#   benchmarks/soak.sh                        the full run (a few minutes on 2 cores)
#   benchmarks/soak.sh --requests=100000      a shorter one
#
# Other arguments: --concurrency=N (in-flight calls in the concurrent half), --samples=N per half.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/benchmarks/target/nginx"

# shellcheck source=environment.sh
. "$root/benchmarks/environment.sh"
start_environment

log "Soaking"
# A small heap makes a leak show (and fail) sooner than a large one would.
java -Xmx256m -Dcourier.bench.port="$port" \
  -cp "$root/benchmarks/target/classes:$classpath" \
  dev.courier.benchmarks.SoakMain "$@"
