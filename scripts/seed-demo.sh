#!/usr/bin/env bash
# Seeds a demo account with 36 hosted zones covering every enablement outcome, against the
# service that scripts/run.sh started. Prints the account's key and the curl lines to try.
# Usage: scripts/seed-demo.sh [base-url] [admin-key]
set -euo pipefail
BASE="${1:-http://127.0.0.1:7071}"
ADMIN="${2:-local-dev-admin-key-change-me-0123456789}"
SUFFIX="$(date +%s)"

json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }
call() { # method path body
  local out status
  out="$(curl -sS -X "$1" "$BASE$2" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$3" -w '\n%{http_code}')"
  status="${out##*$'\n'}"
  case "$status" in 2??) ;; *) echo "$1 $2 failed with $status: ${out%$'\n'*}" >&2; exit 1 ;; esac
}
zone() { # name kind dnssec
  call POST "/api/accounts/$ACCOUNT/zones" "{\"name\":\"$1\",\"kind\":\"${2:-Primary}\",\"dnssec\":\"${3:-NotSigned}\"}"
}
record() { # zone label type pool values...
  local zone="$1" label="$2" type="$3" pool="$4"; shift 4
  local values; values="$(printf '%s\n' "$@" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(s.trim().split("\n"))))')"
  call PUT "/api/accounts/$ACCOUNT/zones/$zone/records/$label/$type" "{\"ttl\":300,\"values\":$values,\"pool\":\"$pool\"}"
}

created="$(curl -sS -X POST "$BASE/api/accounts" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"name":"Demo DNS customer","ownerEmails":["owner@demo.example"],"edition":"Enterprise"}')"
ACCOUNT="$(json id <<<"$created")"
KEY="$(json apiKey <<<"$created")"
[ "$ACCOUNT" != "undefined" ] || { echo "could not create the account: $created" >&2; exit 1; }

d() { echo "$1-$SUFFIX.example"; }
for i in $(seq 1 10); do zone "$(d "new$i")"; done                                   # Created
for i in $(seq 1 5); do zone "$(d "norua$i")"; record "$(d "norua$i")" _dmarc TXT "" "v=DMARC1; p=reject; adkim=s"; done   # Updated
for i in $(seq 1 5); do zone "$(d "rua$i")"; record "$(d "rua$i")" _dmarc TXT "" "v=DMARC1; p=quarantine; rua=mailto:dmarc@$(d "rua$i")!10m; pct=50"; done   # Updated
for i in 1 2; do
  zone "$(d "configured$i")"; record "$(d "configured$i")" _dmarc TXT "" "v=DMARC1; p=none; rua=mailto:reports@rua.dmarc-monitor.example"   # Skipped AlreadyConfigured
  zone "$(d "two$i")"; record "$(d "two$i")" _dmarc TXT "" "v=DMARC1; p=none" "v=DMARC1; p=reject"                                          # Skipped MultipleDmarcRecords
  zone "$(d "pool$i")"; record "$(d "pool$i")" _dmarc TXT "geo-eu" "v=DMARC1; p=none"                                                        # Skipped InPool
  zone "$(d "secondary$i")" Secondary                                                                                                        # Skipped SecondaryZone
  zone "$(d "alias$i")" Alias                                                                                                                # Skipped AliasZone
  zone "$(d "presigned$i")" Primary Presigned                                                                                                # Skipped UnsupportedDnssec
  zone "$(d "cname$i")"; record "$(d "cname$i")" _dmarc CNAME "" "dmarc.vendor.example."                                                      # Skipped Delegated
  zone "$(d "invalid$i")"; record "$(d "invalid$i")" _dmarc TXT "" "v=DMARC1; p=block"                                                       # Skipped InvalidRecord
done

cat <<MSG
Seeded account $ACCOUNT with 36 zones. Copy these two lines into your shell:

export KEY=$KEY
ACCOUNT=$ACCOUNT

Then, as in the README:
  curl -s -X POST "$BASE/api/accounts/\$ACCOUNT/monitoring:enable?dryRun=true" -H "Authorization: Bearer \$KEY"
  curl -s -X POST "$BASE/api/accounts/\$ACCOUNT/monitoring:enable" -H "Authorization: Bearer \$KEY"
  curl -s "$BASE/api/tasks/<taskId>" -H "Authorization: Bearer \$KEY"
  curl -s "$BASE/api/accounts/\$ACCOUNT/zones/$(d new1)/records" -H "Authorization: Bearer \$KEY"
The task e-mail arrives in MailDev: http://127.0.0.1:1080
MSG
