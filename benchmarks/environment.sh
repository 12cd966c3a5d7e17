# Shared by run.sh and soak.sh: starts the benchmark nginx (see nginx/nginx.sh) and builds the
# benchmarks. Source it from a script whose working directory is the repository root, with $root
# and $work set, then call start_environment: it sets $port and $close_port (nginx stops when the
# script exits), $h2_port and $h2c_port (HTTP/2 over TLS and in cleartext), $tls_cert (the
# certificate the HTTP/2 clients trust) and $classpath (the benchmark module's dependencies).

# shellcheck source=nginx/nginx.sh
. "$root/benchmarks/nginx/nginx.sh"

start_environment() {
  ensure_nginx
  log "Preparing content in $work"
  make_content
  log "Starting nginx"
  start_nginx
  tls_cert="$work/tls/cert.pem"
  echo "nginx on 127.0.0.1:$port (keep-alive), 127.0.0.1:$close_port (close)," \
    "127.0.0.1:$h2_port (HTTP/2 over TLS) and 127.0.0.1:$h2c_port (cleartext HTTP/2)"
  log "Building"
  # Packaged in the reactor, not installed: ~/.m2 may be shared, and this checkout's modules are
  # the ones to measure. Each module writes its class path to the file; the benchmarks come last.
  ./mvnw -q -B -pl benchmarks -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$work/classpath.txt"
  classpath=$(cat "$work/classpath.txt")
}
