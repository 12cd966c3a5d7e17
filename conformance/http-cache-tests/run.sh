#!/usr/bin/env bash
# Runs the public HTTP cache test suite (npm package http-cache-tests, https://cache-tests.fyi)
# against Courier's cache, in shared and in private mode, and prints a summary per mode.
#
#   conformance/http-cache-tests/run.sh                         # both modes
#   conformance/http-cache-tests/run.sh shared                  # one mode
#   conformance/http-cache-tests/run.sh --test age-parse-prefix shared   # one test, its exchanges
#
# Needs Node.js 18+ and npm. It installs the suite into conformance/http-cache-tests/.work/
# (ignored by git), starts the suite's origin server and Courier's forwarding proxy
# (dev.courier.conformance.CacheConformanceProxy, in client's test classes), both on 127.0.0.1
# only, and writes each mode's results to .work/summary-<mode>.json. Nothing leaves loopback.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$here/.work"
version=0.4.5
only=
if [ "${1:-}" = --test ]; then only=$2; shift 2; fi
if [ $# -eq 0 ]; then modes=(shared private); else modes=("$@"); fi

log() { printf '\n== %s\n' "$*" >&2; }

command -v node >/dev/null && command -v npm >/dev/null \
  || { echo "run.sh: needs node and npm on the PATH" >&2; exit 1; }

mkdir -p "$work"
package="$work/node_modules/http-cache-tests"
if [ "$(node -p "try{require('$package/package.json').version}catch(e){''}")" != "$version" ]; then
  log "Installing http-cache-tests@$version into $work"
  npm install --prefix "$work" --no-audit --no-fund --loglevel=error "http-cache-tests@$version" >&2
fi

log "Building the proxy"
cd "$root"
./mvnw -q -B -pl client test-compile >&2
classpath="$root/client/target/test-classes:$root/client/target/classes:$(./mvnw -q -B -pl client \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# Starts a server whose first line of output is "... listening on 127.0.0.1:<port>"; sets $port.
start() {
  local out="$1"; shift
  "$@" >"$out" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    if grep -qo 'listening on 127.0.0.1:[0-9]*' "$out"; then
      port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$out" | head -1 | sed 's/.*://')
      return
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$out" >&2; exit 1; }
    sleep 0.1
  done
  echo "run.sh: $* did not start" >&2; cat "$out" >&2; exit 1
}

start "$work/origin.log" node "$here/origin.mjs" "$package" 0
origin_port=$port
echo "origin on 127.0.0.1:$origin_port" >&2

for mode in "${modes[@]}"; do
  cache_dir=$(mktemp -d "$work/cache-$mode.XXXXXX")
  start "$work/proxy-$mode.log" java -cp "$classpath" dev.courier.conformance.CacheConformanceProxy \
    --origin "http://127.0.0.1:$origin_port" --mode "$mode" --cache-dir "$cache_dir"
  if [ -n "$only" ]; then
    log "Running $only in $mode mode through the proxy on 127.0.0.1:$port"
    node "$here/suite.mjs" "$package" "http://127.0.0.1:$port" "$mode" "$only"
  else
    log "Running the suite in $mode mode through the proxy on 127.0.0.1:$port (a few minutes)"
    node "$here/suite.mjs" "$package" "http://127.0.0.1:$port" "$mode" >"$work/summary-$mode.json"
  fi
  kill "${pids[-1]}" 2>/dev/null || true
  rm -rf "$cache_dir"
done
[ -n "$only" ] && exit 0

files=(); for mode in "${modes[@]}"; do files+=("$work/summary-$mode.json"); done
node "$here/summary.mjs" "${files[@]}"
