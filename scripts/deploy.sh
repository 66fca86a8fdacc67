#!/usr/bin/env bash
# Deploys the package to a resource group that infra/main.bicep provisioned, then creates the Event
# Grid subscription of the `inbound` blob trigger (it needs the host's blobs_extension key, which
# exists once the code runs). Needs the Azure CLI, logged in with a role that may write blobs
# (Storage Blob Data Contributor) on the storage account: shared keys are off. azure.yaml runs it
# as azd's postprovision hook.
#   scripts/deploy.sh <resource-group> [deployment-name] [--package package.zip]
# Without a deployment name it takes the group's newest successful deployment of infra/main.bicep
# (azd names its deployments itself). The package is made at the given path (default: publish.sh's).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need az "install the Azure CLI"
USAGE="usage: scripts/deploy.sh <resource-group> [deployment-name] [--package package.zip]"
ARGS=(); PACKAGE_ZIP=()
while [ $# -gt 0 ]; do
  case "$1" in
    --package) PACKAGE_ZIP=("${2:?$USAGE}"); shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
RG="${ARGS[0]:?$USAGE}"
DEPLOYMENT="${ARGS[1]:-}"
if [ -z "$DEPLOYMENT" ]; then
  DEPLOYMENT="$(az deployment group list -g "$RG" -o tsv --query \
    "sort_by([?properties.provisioningState=='Succeeded' && properties.outputs.functionAppName], &properties.timestamp)[-1].name")"
  [ -n "$DEPLOYMENT" ] || { log "no successful deployment of infra/main.bicep in $RG"; exit 1; }
  log "using deployment $DEPLOYMENT"
fi
output() { az deployment group show -g "$RG" -n "$DEPLOYMENT" --query "properties.outputs.$1.value" -o tsv; }

APP="$(output functionAppName)"
ACCOUNT="$(output storageAccountName)"
CONTAINER="$(output packageContainer)"
PACKAGE="$(output packageName)"
TOPIC="$(output eventGridTopicName)"
INBOUND="$(output inboundContainer)"

ZIP="$("$ROOT/scripts/publish.sh" "${PACKAGE_ZIP[@]}")"
log "uploading $ZIP to $ACCOUNT/$CONTAINER/$PACKAGE (Entra ID)"
az storage blob upload --auth-mode login --account-name "$ACCOUNT" -c "$CONTAINER" -n "$PACKAGE" -f "$ZIP" --overwrite -o none
log "restarting $APP so it runs the new package"
az functionapp restart -g "$RG" -n "$APP" -o none

log "waiting for the host's blobs_extension key"
KEY=""
for _ in $(seq 1 60); do
  KEY="$(az functionapp keys list -g "$RG" -n "$APP" --query "systemKeys.blobs_extension" -o tsv 2>/dev/null || true)"
  [ -n "$KEY" ] && break
  sleep 10
done
[ -n "$KEY" ] || { log "the host did not create its blobs_extension key; check the app's logs, then run this script again"; exit 1; }

HOST="$(az functionapp show -g "$RG" -n "$APP" --query defaultHostName -o tsv)"
log "subscribing IngestReport to BlobCreated in $INBOUND"
az eventgrid system-topic event-subscription create -g "$RG" --system-topic-name "$TOPIC" -n ingest-report \
  --endpoint-type webhook \
  --endpoint "https://$HOST/runtime/webhooks/blobs?functionName=Host.Functions.IngestReport&code=$KEY" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/$INBOUND/" -o none
log "deployed: https://$HOST/api/health"
