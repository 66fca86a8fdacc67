#!/usr/bin/env bash
# Runs every test: compiles and lints infra/main.bicep, installs and starts Azurite (in memory),
# MailDev and PowerDNS, runs `dotnet test`, lints the OpenAPI document the tests wrote, stops the
# servers and exits with the tests' status (or the lint's, when the tests passed and it failed).
# Extra arguments go to `dotnet test` (for example: --filter "FullyQualifiedName~Health").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap stop_servers EXIT
need dotnet "install the .NET 10 SDK"

log "compiling infra/main.bicep"
BICEP="$(bicep_path)"
# infra/bicepconfig.json raises the important rules to errors; any warning left fails the run too.
diagnostics="$("$BICEP" build "$ROOT/infra/main.bicep" --stdout 2>&1 >/dev/null)" && diagnostics+="$("$BICEP" lint "$ROOT/infra/main.bicep" 2>&1)" \
  || { printf '%s\n' "$diagnostics" >&2; log "bicep build or lint failed"; exit 1; }
if [ -n "$diagnostics" ]; then
  printf '%s\n' "$diagnostics" >&2
  log "bicep reported warnings; fix them (infra/bicepconfig.json)"
  exit 1
fi

install_publicsuffix
install_fonts
install_chromium
restore_dotnet_tools
start_test_servers

# The shared report corpus sits beside the repository (../shared). A clone made elsewhere, such as
# CI's clean clone in /tmp, finds it beside the local repository it was cloned from.
if [ -z "${DMARC_SHARED_DIR:-}" ] && [ ! -d "$ROOT/../shared/corpus" ]; then
  origin="$(git -C "$ROOT" config --get remote.origin.url 2>/dev/null || true)"
  if [ -n "$origin" ] && [ -d "$origin/../shared/corpus" ]; then
    export DMARC_SHARED_DIR="$(cd "$origin/.." && pwd)/shared"
    log "shared corpus: $DMARC_SHARED_DIR (beside the repository this was cloned from)"
  fi
fi

log "running dotnet test"
rm -f "$STATE/openapi.json"
set +e
dotnet test "$ROOT/Serverless.sln" --nologo "$@" | tee "$STATE/test.log"
status=${PIPESTATUS[0]}

# The OpenAPI lint fails the run on errors; the tests' own failure, if any, decides the exit code.
# With a filter (extra arguments) the document may not have been written: then the lint is skipped.
if [ "$#" -eq 0 ] || [ -f "$STATE/openapi.json" ]; then
  lint_openapi
  lint=$?
  [ "$status" -ne 0 ] || status=$lint
else
  log "OpenAPI lint skipped: the filtered tests did not write .run/openapi.json"
fi
set -e

# One closing line over all test projects, e.g. "tests: 124 passed, 0 failed, 0 skipped".
sum() { grep -oE "$1: +[0-9]+" "$STATE/test.log" | awk '{ n += $2 } END { print n + 0 }'; }
echo "tests: $(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
exit "$status"
