#!/usr/bin/env bash
# Walks one demo domain from p=none to p=reject against the service that scripts/run.sh started
# (start it with Enforcement__DwellDays=0, so each step may follow the one before at once):
# an account with one hosted zone, monitoring enabled, a generated report for each of the past
# 30 days from one hosted server (SPF aligned), the server approved (its ip4 goes into SPF),
# readiness, the plan, and the daily AdvanceEnforcement timer run on demand once per step.
# Usage: scripts/demo-enforcement.sh [base-url] [admin-key]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${1:-http://127.0.0.1:7071}"
ADMIN="${2:-local-dev-admin-key-change-me-0123456789}"
DOMAIN="enforce-$(date +%s).example"
IP=159.89.100.20 # a DigitalOcean address: a hosted server
REPORTS="$(mktemp -d)"
trap 'rm -rf "$REPORTS"' EXIT

field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);for(const k of process.argv[1].split("."))v=v?.[k];console.log(typeof v==="object"?JSON.stringify(v):v)})' "$1"; }
api() { # method path [body]
  curl -sS -X "$1" "$BASE$2" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
run_function() { curl -sS -X POST "$BASE/admin/functions/$1" -H "x-functions-key: $ADMIN" -H 'Content-Type: application/json' -d '{"input":""}' >/dev/null; }
dmarc() { api GET "/api/accounts/$ACCOUNT/zones/$DOMAIN/records" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const r of JSON.parse(s))if(r.name.startsWith("_dmarc.")&&r.type==="TXT")console.log(r.values.join(" | "))})'; }

created="$(curl -sS -X POST "$BASE/api/accounts" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"name":"Enforcement demo","ownerEmails":["owner@enforce-demo.example"],"edition":"Enterprise"}')"
ACCOUNT="$(field id <<<"$created")"
KEY="$(field apiKey <<<"$created")"
echo "account $ACCOUNT, domain $DOMAIN"
api POST "/api/accounts/$ACCOUNT/zones" "{\"name\":\"$DOMAIN\"}" >/dev/null
task="$(api POST "/api/accounts/$ACCOUNT/monitoring:enable" | field taskId)"
until [ "$(api GET "/api/tasks/$task" | field status)" = Completed ]; do sleep 1; done
echo "monitoring enabled: $(dmarc)"

# One aggregate report per day for the past 30 days: 100 messages a day from $IP, SPF aligned.
node - "$REPORTS" "$DOMAIN" "$IP" <<'JS'
const [dir, domain, ip] = process.argv.slice(2);
const fs = require("fs");
const today = Math.floor(Date.now() / 86400000) * 86400;
for (let d = 1; d <= 30; d++) {
  const begin = today - d * 86400, end = begin + 86399;
  fs.writeFileSync(`${dir}/report-${d}.xml`, `<?xml version="1.0" encoding="UTF-8"?>
<feedback><report_metadata><org_name>receiver.example</org_name><email>dmarc@receiver.example</email><report_id>demo-${domain}-${d}</report_id>
<date_range><begin>${begin}</begin><end>${end}</end></date_range></report_metadata>
<policy_published><domain>${domain}</domain><p>none</p></policy_published>
<record><row><source_ip>${ip}</source_ip><count>100</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>pass</spf></policy_evaluated></row>
<identifiers><header_from>${domain}</header_from></identifiers><auth_results><spf><domain>${domain}</domain><result>pass</result></spf></auth_results></record></feedback>`);
}
JS
dotnet run --project "$ROOT/tools/Dmarc.Cli" -- drop "$REPORTS"/*.xml >/dev/null
echo "dropped 30 daily reports; waiting for ingestion and classification"
until [ "$(api GET "/api/domains/$DOMAIN/senders?days=30" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const x=JSON.parse(s);console.log(x.volume?.messages>=2900&&x.awaitingClassification===0&&x.hostedServers?.length===1)})')" = true ]; do sleep 2; done
run_function RollupTimer

echo "approve the hosted server:"
api POST "/api/domains/$DOMAIN/senders/hosted_$IP:approve" | field spf
echo "readiness:"
api GET "/api/domains/$DOMAIN/enforcement" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s).readiness;console.log(`  quarantine ready: ${r.quarantine.ready}, reject ready: ${r.reject.ready}, ${r.messages} messages on ${r.daysWithData} days, unreviewed ${r.unreviewedPercent} %`)})'
echo "the schedule (dry run):"
api POST "/api/domains/$DOMAIN/enforcement?dryRun=true" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const x of JSON.parse(s).schedule)console.log(`  ${x.earliest}  ${x.record}`)})'
api POST "/api/domains/$DOMAIN/enforcement" >/dev/null
for step in 1 2 3 4 5; do
  run_function AdvanceEnforcement
  echo "after run $step: $(dmarc)"
done
echo "plan: $(api GET "/api/domains/$DOMAIN/enforcement" | field plan.status)"
echo "export KEY=$KEY"
echo "ACCOUNT=$ACCOUNT DOMAIN=$DOMAIN"
