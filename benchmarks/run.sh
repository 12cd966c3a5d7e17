#!/usr/bin/env bash
# Runs Courier's benchmarks side by side with its peers against nginx on loopback, and prints one
# table of results (also written to benchmarks/results/).
#
#   benchmarks/run.sh            the full run (about half an hour)
#   benchmarks/run.sh --quick    a short run (a few minutes), for a first look
#
# Extra arguments go to BenchmarkMain: --only=TEXT runs the workloads whose title contains TEXT,
# --peers=courier,okhttp compares fewer clients.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/benchmarks/target/nginx"

# shellcheck source=environment.sh
. "$root/benchmarks/environment.sh"
start_environment

log "Running benchmarks"
java -Dcourier.bench.port="$port" -Dcourier.bench.closePort="$close_port" \
  -Dcourier.bench.h2Port="$h2_port" -Dcourier.bench.h2cPort="$h2c_port" \
  -Dcourier.bench.tlsCert="$tls_cert" \
  -cp "$root/benchmarks/target/classes:$classpath" \
  dev.courier.benchmarks.BenchmarkMain --results="$root/benchmarks/results" "$@"
