#!/usr/bin/env bash
# Builds the demo, starts the packaged jar on a free port with the README's demo command,
# checks what its endpoints answer, and stops it. Exits non-zero on the first wrong answer.
#
#   demo-service/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

build='./mvnw -q -pl demo-service -am package -DskipTests'
run='java -jar demo-service/target/courier-demo-service.jar'

# The README's demo command must be the one this script exercises.
if ! grep -qF "$build && $run" README.md; then
  echo "smoke: README.md no longer shows the demo command '$build && $run'" >&2
  exit 1
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=18090
while ! port_free "$port"; do port=$((port + 1)); done
# The fleet's three instances, on free ports after it.
fleet_ports=()
candidate=$((port + 1))
while [ ${#fleet_ports[@]} -lt 3 ]; do
  port_free "$candidate" && fleet_ports+=("$candidate")
  candidate=$((candidate + 1))
done

# GET $1 with HTTP/1.0 over bash's /dev/tcp (no curl needed); prints "status body".
http_get() {
  local response
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$1" >&3
  response=$(cat <&3)
  exec 3<&-
  local status=${response#HTTP/1.1 }
  printf '%s %s' "${status%% *}" "${response#*$'\r\n\r\n'}"
}

expect() { # path, expected status, text the body must contain
  local answer
  answer=$(http_get "$1") || { echo "smoke: $1: no answer" >&2; exit 1; }
  if [ "${answer%% *}" != "$2" ] || [[ "$answer" != *"$3"* ]]; then
    echo "smoke: $1: expected $2 with '$3', got: ${answer:0:400}" >&2
    exit 1
  fi
  echo "ok  $1 -> $2, contains '$3'"
}

echo "Building"
$build

log=$(mktemp)
echo "Starting on port $port (log: $log)"
$run --server.port="$port" --courier.cache.directory="$(mktemp -d)" \
  --demo.fleet.ports[0]="${fleet_ports[0]}" --demo.fleet.ports[1]="${fleet_ports[1]}" \
  --demo.fleet.ports[2]="${fleet_ports[2]}" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  if ! kill -0 "$pid" 2>/dev/null; then echo "smoke: the demo exited; see $log" >&2; exit 1; fi
  port_free "$port" || break
  sleep 0.5
done
for _ in $(seq 1 60); do
  [[ "$(http_get /actuator/health 2>/dev/null)" == 200* ]] && break
  sleep 0.5
done

expect /actuator/health 200 '"status":"UP"'
expect /api/catalog/1 200 '"source":"network"'
expect /api/catalog/1 200 '"source":"cache"'
expect /api/interface/catalog/2 200 'Widget 2'
expect /api/large 200 'decoded'
expect /api/redirect 200 'Widget 1'
expect /api/slow 502 'readTimeout'
expect /actuator/courier 200 '"connections"'
expect /api/fleet 200 '\"instance\":'
expect /actuator/circuitbreakers 200 '"flaky"'
expect / 200 '<title>Courier demo</title>'
echo "smoke: all good"
