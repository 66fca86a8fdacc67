#!/usr/bin/env bash
# Parser benchmarks (not part of the tests; no servers needed): throughput of the streaming parser
# on a generated report and on the corpus's large report against a raw XmlReader read of the same
# bytes, the same reports gzipped and zipped against decompression alone, then the peak memory of
# parsing 10, 100 and 500 MB reports, each in its own process. docs/performance.md has the figures.
#   scripts/bench-parser.sh [MB for the throughput run]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need dotnet "install the .NET 10 SDK"

dotnet build "$ROOT/tools/Dmarc.Benchmarks" -c Release --nologo -v quiet -nodeReuse:false --disable-build-servers -clp:"ErrorsOnly;NoSummary" >&2
BENCH="$ROOT/tools/Dmarc.Benchmarks/bin/Release/net10.0/Dmarc.Benchmarks.dll"
LARGE="${DMARC_SHARED_DIR:-$ROOT/../shared}/corpus/aggregate/!large-example.com!1711897200!1711983600.xml"
dotnet "$BENCH" Parse "${1:-100}" "$LARGE"
echo "Peak memory while parsing (records handed over one by one):"
for size in 10 100 500; do dotnet "$BENCH" ParseMemory "$size"; done
echo "For comparison, records kept in a list (what ingestion does, bounded by Reports:MaxRecords):"
dotnet "$BENCH" ParseMemory 100 list
