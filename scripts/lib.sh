# Shared helpers for run.sh and test.sh: install the Node dev servers, start and stop them.
# Sourced, not run. Every server binds to 127.0.0.1.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.run"
mkdir -p "$STATE"
PIDS=()

log() { printf '==> %s\n' "$*" >&2; }

need() {
  command -v "$1" >/dev/null 2>&1 || { log "missing '$1': $2"; exit 1; }
}

install_node_servers() {
  need node "install Node.js 20 or later"
  need npm "install npm (comes with Node.js)"
  if [ ! -x "$ROOT/node_modules/.bin/azurite" ]; then
    log "installing dev servers from package-lock.json (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() { # port name seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    port_in_use "$1" && return 0
    sleep 0.1
  done
  log "$2 did not open 127.0.0.1:$1 within $3 s; see $STATE/$2.log"
  tail -n 20 "$STATE/$2.log" >&2 || true
  return 1
}

# start_azurite [--inMemoryPersistence | --location DIR]
start_azurite() {
  local port
  for port in 10000 10001 10002; do
    if port_in_use "$port"; then
      log "127.0.0.1:$port is already in use; stop whatever listens there (another Azurite?) and try again"
      return 1
    fi
  done
  log "starting Azurite on 127.0.0.1:10000-10002"
  "$ROOT/node_modules/.bin/azurite" --silent --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 "$@" \
    >"$STATE/azurite.log" 2>&1 &
  PIDS+=($!)
  wait_for_port 10000 azurite 30 && wait_for_port 10001 azurite 30 && wait_for_port 10002 azurite 30
}

# Stops every server this script started: TERM, then (Azurite closes gracefully only on a
# second signal, after its open connections end) TERM again after 5 s, then KILL after 10 s.
stop_servers() {
  local pid i
  for ((i = 0; i <= 100; i++)); do
    local alive=()
    for pid in "${PIDS[@]}"; do
      kill -0 "$pid" 2>/dev/null && alive+=("$pid")
    done
    [ "${#alive[@]}" -eq 0 ] && break
    case "$i" in
      0 | 50) kill -TERM "${alive[@]}" 2>/dev/null || true ;;
      100) kill -KILL "${alive[@]}" 2>/dev/null || true ;;
    esac
    sleep 0.1
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

bicep_path() {
  local path
  (cd "$ROOT/scripts/bicep" && dotnet restore --nologo -v quiet >&2) || { log "could not restore the Bicep CLI (Azure.Bicep.CommandLine.linux-x64)"; return 1; }
  path="$(cd "$ROOT/scripts/bicep" && dotnet msbuild -nologo -getProperty:BicepPath 2>/dev/null | tail -n 1)"
  [ -f "$path" ] || { log "could not restore the Bicep CLI (Azure.Bicep.CommandLine.linux-x64)"; return 1; }
  chmod +x "$path"
  printf '%s\n' "$path"
}
