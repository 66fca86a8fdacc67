// The load driver of scripts/load.sh: concurrent API requests (autocannon) and concurrent blob
// ingestion (reports uploaded by the project's CLI) against the local app on 127.0.0.1, bounded
// in time and count. Prints throughput, latency percentiles and errors, and checks that every
// report dropped was stored. Exits 1 when any request failed or a report is missing.
//   node load.mjs <base-url> <admin-key> <cli.dll> <seconds> <connections> <reports>
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, admin, cli, seconds = '30', connections = '16', reportCount = '500'] = process.argv.slice(2);
const reports = Number(reportCount);
const json = { 'Content-Type': 'application/json' };

async function call(method, path, key, body) {
  const response = await fetch(base + path, { method, headers: { ...json, Authorization: `Bearer ${key}` }, body: body && JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

const suffix = Date.now().toString(36);
const account = await call('POST', '/api/accounts', admin, { name: `Load ${suffix}`, ownerEmails: [`owner@load-${suffix}.example`], edition: 'Enterprise' });
const key = account.apiKey;
const domain = `load-${suffix}.example`;
await call('POST', `/api/accounts/${account.id}/zones`, key, { name: domain, kind: 'Primary', dnssec: 'NotSigned' });
await call('POST', `/api/accounts/${account.id}/domains`, key, { domain });

// Reports of the last day, each with its own id, a few records each.
const dir = mkdtempSync(join(tmpdir(), 'dmarc-load-'));
const begin = Math.floor(Date.now() / 1000) - 86400;
const files = [];
for (let i = 0; i < reports; i++) {
  const records = Array.from({ length: 1 + (i % 5) }, (_, r) => `<record><row><source_ip>198.51.100.${(i + r) % 250 + 1}</source_ip><count>${1 + r}</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>${domain}</header_from></identifiers><auth_results><dkim><domain>${domain}</domain><result>pass</result></dkim><spf><domain>${domain}</domain><result>pass</result></spf></auth_results></record>`).join('');
  const xml = `<?xml version="1.0"?><feedback><report_metadata><org_name>load.example</org_name><email>r@load.example</email><report_id>load-${suffix}-${i}</report_id><date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range></report_metadata><policy_published><domain>${domain}</domain><p>none</p></policy_published>${records}</feedback>`;
  const file = join(dir, `load-${i}.xml`);
  writeFileSync(file, xml);
  files.push(file);
}

// Four uploaders at once while the API is under load.
const dropped = Date.now();
const uploads = [0, 1, 2, 3].map(n => new Promise((resolve, reject) => {
  const mine = files.filter((_, i) => i % 4 === n);
  const child = spawn('dotnet', [cli, 'drop', ...mine], { stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`dmarc drop exited with ${code}`))));
}));

const auth = { Authorization: `Bearer ${key}`, ...json };
const api = await autocannon({
  url: base,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [
    { method: 'GET', path: `/api/accounts/${account.id}`, headers: auth },
    { method: 'GET', path: `/api/reports?domain=${domain}&pageSize=20`, headers: auth },
    { method: 'GET', path: `/api/accounts/${account.id}/domains`, headers: auth },
    { method: 'GET', path: `/api/domains/${domain}/rates?days=30`, headers: auth },
    { method: 'PUT', path: `/api/accounts/${account.id}/zones/${domain}/records/www/TXT`, headers: auth, body: JSON.stringify({ ttl: 300, values: ['load test'], pool: '' }) },
  ],
});
await Promise.all(uploads);

// Every dropped report must be stored: count the account's reports, page by page, until all are there.
let stored = 0;
const deadline = Date.now() + 600_000;
while (Date.now() < deadline) {
  stored = 0;
  let next = null;
  do {
    const page = await call('GET', `/api/reports?domain=${domain}&pageSize=500${next ? `&continuation=${encodeURIComponent(next)}` : ''}`, key);
    stored += page.reports.length;
    next = page.next;
  } while (next);
  if (stored >= reports) break;
  await new Promise(r => setTimeout(r, 1000));
}
const ingested = (Date.now() - dropped) / 1000;
const quarantined = (await call('GET', '/api/quarantine?max=1000', admin)).filter(d => d.name.includes('load-')).length;

const errors = api.errors + api.timeouts + api.non2xx;
console.log(`api: ${api.requests.total} requests in ${api.duration} s with ${connections} connections = ${api.requests.average} requests/s`);
console.log(`api latency ms: p50 ${api.latency.p50}, p90 ${api.latency.p90}, p99 ${api.latency.p99}, max ${api.latency.max}`);
console.log(`api errors: ${errors} (errors ${api.errors}, timeouts ${api.timeouts}, non-2xx ${api.non2xx})`);
console.log(`ingestion: ${reports} reports dropped, ${stored} stored, ${quarantined} quarantined, all stored ${ingested.toFixed(1)} s after the first upload = ${(stored / ingested).toFixed(1)} reports/s`);
process.exit(errors === 0 && stored === reports ? 0 : 1);
