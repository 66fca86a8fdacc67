#!/usr/bin/env bash
# Runs the service locally: installs the dev servers and the IP data, starts Azurite (data kept in .azurite/)
# and the function app on http://127.0.0.1:7071 with the local trigger runner.
# Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap stop_servers EXIT
trap 'exit 130' INT TERM
need dotnet "install the .NET 10 SDK"

install_publicsuffix
install_fonts
install_node_servers
install_ipdata
mkdir -p "$ROOT/.azurite"
start_azurite --location "$ROOT/.azurite"
start_maildev

log "building the function app"
APP="$ROOT/.run/app"
dotnet build "$ROOT/functions/Dmarc.Functions" --nologo -o "$APP" >"$STATE/build.log" 2>&1 || { cat "$STATE/build.log" >&2; exit 1; }
log "function app on http://127.0.0.1:7071 (admin key in functions/Dmarc.Functions/appsettings.Development.json); Ctrl-C stops"
log "demo data: run scripts/seed-demo.sh in another terminal; drop reports with: dotnet run --project tools/Dmarc.Cli -- drop <file>"
# Started directly (not through 'dotnet run') so that stopping it reaches the app itself.
(cd "$APP" && ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" exec dotnet Dmarc.Functions.dll) &
PIDS+=($!)
wait "${PIDS[-1]}"
