# Shared by the scripts in runners-config/local: jars from Maven Central, and the bookkeeping of
# the JVMs they start (one pid file each). Sourced, not run.

# running PID_FILE: whether the process recorded in PID_FILE is alive.
running() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# stop_process PID_FILE: asks the process to stop, kills it after 30 s; prints "stopped" or
# "killed" (nothing if it was not running) and removes the pid file.
stop_process() {
  local file="$1" pid
  if ! running "$file"; then
    rm -f "$file"
    return
  fi
  pid="$(cat "$file")"
  kill "$pid"
  for _ in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$file"
      echo stopped
      return
    fi
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
  echo killed
}

# maven_classpath NAME POM FILE: the classpath of POM's dependencies, resolved from Maven Central
# into FILE the first time (and again when POM changes), then read from FILE.
maven_classpath() {
  local name="$1" pom="$2" file="$3"
  if [ ! -s "$file" ] || [ "$pom" -nt "$file" ]; then
    mkdir -p "$(dirname "$file")"
    echo "$name: resolving its jars from Maven Central (first start only)..." >&2
    local out
    out="$(mktemp)"
    if ! mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$file" >"$out" 2>&1; then
      cat "$out" >&2
      rm -f "$out"
      echo "$name: could not resolve its jars (output above)" >&2
      exit 1
    fi
    rm -f "$out"
  fi
  cat "$file"
}
