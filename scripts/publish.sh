#!/usr/bin/env bash
# Builds the deployment package: the function app published self-contained for linux-x64 (so the
# platform needs no .NET runtime for the custom handler), host.json, every function.json and the IP
# data beside the executable, zipped. Builds in a temporary artifacts folder, so it never touches the
# repository's bin/ and obj/ (and can run while the tests do).
#   scripts/publish.sh [package.zip]     (default: .run/package/dmarc-functions.zip)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need dotnet "install the .NET 10 SDK"
install_publicsuffix
install_ipdata

OUT="${1:-$ROOT/.run/package/dmarc-functions.zip}"
mkdir -p "$(dirname "$OUT")"
OUT="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

log "publishing functions/Dmarc.Functions (Release, linux-x64, self-contained)"
# No build servers or reused nodes: they would outlive the script holding its output open.
dotnet publish "$ROOT/functions/Dmarc.Functions/Dmarc.Functions.csproj" -c Release -r linux-x64 --self-contained \
  --artifacts-path "$WORK/artifacts" -o "$WORK/app" -nologo -v quiet -clp:"ErrorsOnly;NoSummary" \
  -nodeReuse:false -p:UseSharedCompilation=false --disable-build-servers >&2
chmod +x "$WORK/app/Dmarc.Functions"
dotnet msbuild "$ROOT/scripts/package/Package.proj" -t:Zip -p:Source="$WORK/app" -p:Destination="$OUT" -nologo -v:quiet -nodeReuse:false >&2
log "deployment package: $OUT ($(du -h "$OUT" | cut -f1))"
echo "$OUT"
