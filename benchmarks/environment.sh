# Shared by run.sh and soak.sh: starts the benchmark nginx (see nginx/nginx.sh) and builds the
# benchmarks. Source it from a script whose working directory is the repository root, with $root
# and $work set, then call start_environment: it sets $port and $close_port (nginx stops when the
# script exits) and $classpath (the benchmark module's dependencies).

# shellcheck source=nginx/nginx.sh
. "$root/benchmarks/nginx/nginx.sh"

start_environment() {
  ensure_nginx
  log "Preparing content in $work"
  make_content
  log "Starting nginx"
  start_nginx
  echo "nginx on 127.0.0.1:$port (keep-alive) and 127.0.0.1:$close_port (close)"
  log "Building"
  ./mvnw -q -B -pl benchmarks -am install -DskipTests
  classpath=$(./mvnw -q -B -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
}
