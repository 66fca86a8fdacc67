# Shared helpers for run.sh and test.sh: install the Node dev servers (and the OpenAPI linter) and the IP data, start and stop the servers.
# Sourced, not run. Every server binds to 127.0.0.1.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.run"
mkdir -p "$STATE"
PIDS=()

log() { printf '==> %s\n' "$*" >&2; }

need() {
  command -v "$1" >/dev/null 2>&1 || { log "missing '$1': $2"; exit 1; }
}

install_node_servers() {
  need node "install Node.js 20 or later"
  need npm "install npm (comes with Node.js)"
  if [ ! -x "$ROOT/node_modules/.bin/azurite" ] || [ ! -f "$ROOT/node_modules/maildev/dist/bin/maildev.js" ] || [ ! -x "$ROOT/node_modules/.bin/redocly" ]; then
    log "installing dev servers and the OpenAPI linter from package-lock.json (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
}

# Offline IP data (country MMDB, ASN CSV) from ipdata/package-lock.json into ipdata/node_modules
# (git-ignored, never committed). The app finds it there, or where IpData__DataDirectory points.
IPDATA_DIR="$ROOT/ipdata/node_modules/@ip-location-db"

install_ipdata() {
  need npm "install npm (comes with Node.js)"
  if [ ! -f "$IPDATA_DIR/asn/asn-ipv4-num.csv" ] || [ ! -f "$IPDATA_DIR/asn/asn-ipv6-num.csv" ] \
    || [ ! -f "$IPDATA_DIR/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb" ]; then
    log "installing the IP data (@ip-location-db/asn, @ip-location-db/geo-whois-asn-country-mmdb) from ipdata/package-lock.json (npm ci)"
    (cd "$ROOT/ipdata" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  export IpData__DataDirectory="$IPDATA_DIR"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() { # port name seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    port_in_use "$1" && return 0
    sleep 0.1
  done
  log "$2 did not open 127.0.0.1:$1 within $3 s; see $STATE/$2.log"
  tail -n 20 "$STATE/$2.log" >&2 || true
  return 1
}

# start_azurite [--inMemoryPersistence | --location DIR]
start_azurite() {
  local port
  for port in 10000 10001 10002; do
    if port_in_use "$port"; then
      log "127.0.0.1:$port is already in use; stop whatever listens there (another Azurite?) and try again"
      return 1
    fi
  done
  log "starting Azurite on 127.0.0.1:10000-10002"
  "$ROOT/node_modules/.bin/azurite" --silent --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 "$@" \
    >"$STATE/azurite.log" 2>&1 &
  PIDS+=($!)
  wait_for_port 10000 azurite 30 && wait_for_port 10001 azurite 30 && wait_for_port 10002 azurite 30
}

# Stops every server this script started: TERM, then (Azurite closes gracefully only on a
# second signal, after its open connections end) TERM again after 5 s, then KILL after 10 s.
# MailDev captures SMTP on 127.0.0.1:1025; its web UI and API are on http://127.0.0.1:1080.
start_maildev() {
  for port in 1025 1080; do
    if port_in_use "$port"; then
      log "127.0.0.1:$port is already in use; stop whatever listens there (another MailDev?) and try again"
      return 1
    fi
  done
  log "starting MailDev (SMTP 127.0.0.1:1025, web http://127.0.0.1:1080)"
  node "$ROOT/node_modules/maildev/dist/bin/maildev.js" --smtp 1025 --ip 127.0.0.1 --web 1080 --web-ip 127.0.0.1 \
    >"$STATE/maildev.log" 2>&1 &
  PIDS+=($!)
  wait_for_port 1025 maildev 30 && wait_for_port 1080 maildev 30
}

PDNS_API_KEY="${PDNS_API_KEY:-local-pdns-api-key}"

# apt_install PACKAGE...: installs Debian packages (through sudo when not root).
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >&2
}

install_powerdns() {
  if command -v pdns_server >/dev/null 2>&1 && [ -f /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql ] && command -v sqlite3 >/dev/null 2>&1; then
    return 0
  fi
  log "installing PowerDNS Authoritative with the SQLite backend (apt)"
  apt_install pdns-server pdns-backend-sqlite3 sqlite3
}

# The Public Suffix List the build embeds (core/Dmarc.Core reads /usr/share/publicsuffix/public_suffix_list.dat).
install_publicsuffix() {
  [ -f /usr/share/publicsuffix/public_suffix_list.dat ] && return 0
  log "installing the Public Suffix List (apt package publicsuffix)"
  apt_install publicsuffix
}

# The font the charts are drawn with (ScottPlotCharts.FontName), so every machine renders the same text.
install_fonts() {
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && return 0
  log "installing the chart font (apt package fonts-dejavu-core)"
  apt_install fonts-dejavu-core
}

# Headless Chromium, which renders the e-mails' HTML to PNGs in the tests (EmailRenderingTests).
install_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  log "installing headless Chromium (apt package chromium)"
  apt_install chromium
}

# The dotnet tools the repository pins in .config/dotnet-tools.json (Kiota, for KiotaClientTests).
restore_dotnet_tools() {
  log "restoring the repository's dotnet tools (.config/dotnet-tools.json)"
  (cd "$ROOT" && dotnet tool restore >&2)
}

# run_powerdns NAME DNS_PORT API_PORT [SETTING...]: a PowerDNS Authoritative on 127.0.0.1 with a
# fresh SQLite database under .run/NAME, its API on API_PORT, plus the role's own settings.
run_powerdns() {
  local name="$1" dns_port="$2" api_port="$3" port setting
  shift 3
  for port in "$dns_port" "$api_port"; do
    if port_in_use "$port"; then
      log "127.0.0.1:$port is already in use; stop whatever listens there (another pdns_server?) and try again"
      return 1
    fi
  done
  local dir="$STATE/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  sqlite3 "$dir/pdns.sqlite3" </usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
  cat >"$dir/pdns.conf" <<CONF
launch=gsqlite3
gsqlite3-database=$dir/pdns.sqlite3
gsqlite3-dnssec=yes
gsqlite3-pragma-journal-mode=WAL
local-address=127.0.0.1
local-port=$dns_port
api=yes
api-key=$PDNS_API_KEY
webserver=yes
webserver-address=127.0.0.1
webserver-port=$api_port
webserver-allow-from=127.0.0.1/32
socket-dir=$dir
daemon=no
guardian=no
disable-syslog=yes
security-poll-suffix=
xfr-cycle-interval=1
cache-ttl=0
negquery-cache-ttl=0
query-cache-ttl=0
zone-cache-refresh-interval=0
CONF
  for setting in "$@"; do
    echo "$setting" >>"$dir/pdns.conf"
  done
  log "starting $name (DNS 127.0.0.1:$dns_port, API http://127.0.0.1:$api_port)"
  pdns_server --config-dir="$dir" >"$STATE/$name.log" 2>&1 &
  PIDS+=($!)
  wait_for_port "$api_port" "$name" 30
}

# PowerDNS Authoritative: DNS on 127.0.0.1:5300, HTTP API on 127.0.0.1:8081, a fresh database each start.
start_powerdns() {
  run_powerdns pdns 5300 8081 enable-lua-records=yes primary=yes dnssec-key-cache-ttl=0 \
    "default-soa-content=ns1.@ hostmaster.@ 0 10800 3600 604800 3600"
}

# A second PowerDNS as a secondary of the first (DNS 127.0.0.1:5301, API 127.0.0.1:8082): tests
# create Slave zones on it and check that changes arrive by NOTIFY and AXFR.
start_powerdns_secondary() {
  run_powerdns pdns-secondary 5301 8082 secondary=yes
}

install_dovecot() {
  command -v dovecot >/dev/null 2>&1 && [ -x /usr/lib/dovecot/imap ] && return 0
  log "installing Dovecot IMAP (apt package dovecot-imapd)"
  apt_install dovecot-imapd
}

# Dovecot IMAP on 127.0.0.1:1143 (plain text, tests only) with the user reports@test.example,
# password local-imap-password, mail under .run/dovecot/mail.
IMAP_USER="reports@test.example"
IMAP_PASSWORD="local-imap-password"
start_dovecot() {
  if port_in_use 1143; then
    log "127.0.0.1:1143 is already in use; stop whatever listens there (another dovecot?) and try again"
    return 1
  fi
  local dir="$STATE/dovecot"
  rm -rf "$dir" && mkdir -p "$dir/run" "$dir/state" "$dir/mail"
  chmod 755 "$dir"
  echo "$IMAP_USER:{PLAIN}$IMAP_PASSWORD" >"$dir/users"
  cat >"$dir/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$dir/mail/%u
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = 1143
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dir/mail/%u
}
CONF
  if [ "$(id -u)" -eq 0 ]; then chown -R dovecot:dovecot "$dir/mail"; fi
  log "starting Dovecot (IMAP 127.0.0.1:1143, user $IMAP_USER)"
  dovecot -c "$dir/dovecot.conf" -F >"$STATE/dovecot.out" 2>&1 &
  PIDS+=($!)
  wait_for_port 1143 dovecot 30
  export Imap__TestUser="$IMAP_USER" Imap__TestPassword="$IMAP_PASSWORD"
}

# Everything the tests and the benchmark need: Azurite (in memory), MailDev and PowerDNS.
start_test_servers() {
  install_node_servers
  install_ipdata
  install_powerdns
  install_dovecot
  start_azurite --inMemoryPersistence
  start_maildev
  start_powerdns
  start_powerdns_secondary
  start_dovecot
  export PowerDns__ApiKey="$PDNS_API_KEY"
}

stop_servers() {
  local pid i
  for ((i = 0; i <= 100; i++)); do
    local alive=()
    for pid in "${PIDS[@]}"; do
      kill -0 "$pid" 2>/dev/null && alive+=("$pid")
    done
    [ "${#alive[@]}" -eq 0 ] && break
    case "$i" in
      0 | 50) kill -TERM "${alive[@]}" 2>/dev/null || true ;;
      100) kill -KILL "${alive[@]}" 2>/dev/null || true ;;
    esac
    sleep 0.1
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

bicep_path() {
  local path
  (cd "$ROOT/scripts/bicep" && dotnet restore --nologo -v quiet >&2) || { log "could not restore the Bicep CLI (Azure.Bicep.CommandLine.linux-x64)"; return 1; }
  path="$(cd "$ROOT/scripts/bicep" && dotnet msbuild -nologo -getProperty:BicepPath 2>/dev/null | tail -n 1)"
  [ -f "$path" ] || { log "could not restore the Bicep CLI (Azure.Bicep.CommandLine.linux-x64)"; return 1; }
  chmod +x "$path"
  printf '%s\n' "$path"
}

# Lints the OpenAPI document that the tests wrote (OpenApiTests fetches /api/openapi.json from the
# app into .run/openapi.json) with Redocly's recommended rules (redocly.yaml, accepted findings in
# .redocly.lint-ignore.yaml). Offline: no telemetry, no update check; the rules are built in.
lint_openapi() {
  local document="$STATE/openapi.json"
  if [ ! -f "$document" ]; then
    log "no OpenAPI document at $document: the tests that write it (OpenApiTests) did not run"
    return 1
  fi
  log "linting the OpenAPI document (redocly, recommended rules)"
  (cd "$ROOT" && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    node_modules/.bin/redocly lint --format=stylish "$document")
}
