#!/usr/bin/env bash
# Scale check of bulk enablement (not part of the tests): starts Azurite, MailDev and PowerDNS,
# enables 10,000 hosted zones and 1,000 PowerDNS zones, and prints zones per second and the
# share of worker time spent waiting on the DNS provider. Arguments override the zone counts:
#   scripts/bench.sh [hosted-zones] [powerdns-zones] [workers]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap stop_servers EXIT
need dotnet "install the .NET 10 SDK"
start_test_servers

dotnet build "$ROOT/tools/Dmarc.Benchmarks" -c Release --nologo -v quiet -clp:"ErrorsOnly;NoSummary" >&2
BENCH="$ROOT/tools/Dmarc.Benchmarks/bin/Release/net10.0/Dmarc.Benchmarks.dll"
dotnet "$BENCH" Hosted "${1:-10000}" "${3:-16}"
dotnet "$BENCH" PowerDns "${2:-1000}" "${3:-16}"
