# Shared by run.sh and soak.sh: installs nginx if missing, generates the content it serves (and a
# throwaway TLS certificate for 127.0.0.1) and starts and stops it on free loopback ports. Source
# it from a script whose working directory is the repository root, with $root and $work set;
# start_nginx sets $port, $close_port, $h2_port (HTTP/2 over TLS) and $h2c_port (cleartext
# HTTP/2), and stops nginx when the script exits.

log() { printf '\n== %s\n' "$*"; }

ensure_nginx() {
  if command -v nginx >/dev/null 2>&1; then return; fi
  log "Installing nginx-light"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light >/dev/null
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
  local port=$1
  while ! port_free "$port"; do port=$((port + 1)); done
  echo "$port"
}

make_content() {
  mkdir -p "$work/www" "$work/tmp"
  chmod 1777 "$work/tmp"
  head -c 1024 /dev/urandom > "$work/www/1k.bin"
  head -c 1048576 /dev/urandom > "$work/www/1m.bin"
  # About 250 KB of JSON that compresses like real API payloads do.
  {
    printf '['
    for i in $(seq 1 1600); do
      [ "$i" -gt 1 ] && printf ','
      printf '{"id":%d,"sku":"SKU-%06d","name":"Widget %d","price":%d.%02d,"tags":["blue","steel","%d"],"stock":%d,"description":"A sturdy widget, item %d of the catalog."}' \
        "$i" "$i" "$i" $((i % 500)) $((i % 100)) $((i % 7)) $((i * 37 % 1000)) "$i"
    done
    printf ']'
  } > "$work/www/data.json"
  gzip -9 -k -f "$work/www/data.json"
  chmod -R a+rX "$work/www"
  # A self-signed certificate for the HTTP/2 TLS listener; the benchmark clients trust it alone.
  mkdir -p "$work/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" 2>/dev/null
}

start_nginx() {
  port=$(pick_port "${COURIER_BENCH_PORT:-18080}")
  close_port=$(pick_port $((port + 1)))
  h2_port=$(pick_port $((close_port + 1)))
  h2c_port=$(pick_port $((h2_port + 1)))
  sed -e "s#__PREFIX__#$work#g" -e "s#__PORT__#$port#g" -e "s#__CLOSE_PORT__#$close_port#g" \
    -e "s#__H2_PORT__#$h2_port#g" -e "s#__H2C_PORT__#$h2c_port#g" \
    "$root/benchmarks/nginx/nginx.conf" > "$work/nginx.conf"
  local pin=""
  if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -gt 1 ]; then
    pin="taskset -c $(( $(nproc) - 1 ))"
  fi
  $pin nginx -e "$work/error.log" -p "$work" -c "$work/nginx.conf"
  trap stop_nginx EXIT
  for _ in $(seq 1 100); do
    port_free "$port" || return 0
    sleep 0.1
  done
  echo "nginx did not start; see $work/error.log" >&2
  exit 1
}

stop_nginx() {
  nginx -e "$work/error.log" -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
}
