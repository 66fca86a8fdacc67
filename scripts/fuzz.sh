#!/usr/bin/env bash
# Long mutation fuzzing of the report parser (not part of the test command, which runs 10,000
# cases): the same test with more cases and, optionally, another seed. Needs no servers.
#   scripts/fuzz.sh [cases, default 100000] [seed, default 20261202]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export Fuzz__Cases="${1:-100000}" Fuzz__Seed="${2:-20261202}"
dotnet test "$ROOT/tests/Dmarc.Core.Tests" --nologo -nodeReuse:false --disable-build-servers \
  --filter "FullyQualifiedName~ReportFuzzTests" --logger "console;verbosity=detailed"
