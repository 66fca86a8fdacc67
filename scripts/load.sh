#!/usr/bin/env bash
# Load check (not part of the tests): starts Azurite (in memory) and MailDev, the function app on
# 127.0.0.1:7071 with the local trigger runner, then drives it with concurrent API requests
# (autocannon, from load/package-lock.json) while uploading reports into inbound. Prints
# throughput, latency percentiles and the error count, and checks every report dropped is stored;
# exits 1 otherwise. Figures: docs/reliability.md.
#   scripts/load.sh [seconds, default 30] [connections, default 16] [reports, default 500]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap stop_servers EXIT
trap 'exit 130' INT TERM
need dotnet "install the .NET 10 SDK"

install_publicsuffix
install_fonts
install_node_servers
install_ipdata
if [ ! -f "$ROOT/load/node_modules/autocannon/package.json" ]; then
  log "installing the load driver from load/package-lock.json (npm ci)"
  (cd "$ROOT/load" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
if port_in_use 7071; then
  log "127.0.0.1:7071 is already in use; stop the app that listens there and try again"
  exit 1
fi
start_azurite --inMemoryPersistence
start_maildev

log "building the function app and the CLI"
APP="$ROOT/.run/load-app"
CLI="$ROOT/.run/load-cli"
dotnet build "$ROOT/functions/Dmarc.Functions" -c Release --nologo -o "$APP" -nodeReuse:false --disable-build-servers >"$STATE/build.log" 2>&1 || { cat "$STATE/build.log" >&2; exit 1; }
dotnet build "$ROOT/tools/Dmarc.Cli" -c Release --nologo -o "$CLI" -nodeReuse:false --disable-build-servers >>"$STATE/build.log" 2>&1 || { cat "$STATE/build.log" >&2; exit 1; }
(cd "$APP" && ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning exec dotnet Dmarc.Functions.dll) >"$STATE/app.log" 2>&1 &
PIDS+=($!)
wait_for_port 7071 app 60

ADMIN="$(node -e 'console.log(require(process.argv[1]).Api.AdminKey)' "$ROOT/functions/Dmarc.Functions/appsettings.Development.json")"
node "$ROOT/load/load.mjs" http://127.0.0.1:7071 "$ADMIN" "$CLI/dmarc.dll" "${1:-30}" "${2:-16}" "${3:-500}"
