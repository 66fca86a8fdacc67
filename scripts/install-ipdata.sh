#!/usr/bin/env bash
# Installs the offline IP data (country and ASN, from the npm packages in ipdata/package-lock.json)
# into ipdata/node_modules/@ip-location-db. scripts/run.sh, scripts/test.sh and scripts/bench.sh
# run this step themselves; it does nothing when the files are already there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_ipdata
log "IP data in $IPDATA_DIR"
