#!/usr/bin/env bash
# Installs the Debian packages the test suite starts or drives, when missing:
#   chromium       browser tests of the pages the server serves (playwright-core drives it)
#   redis-server   pub/sub and shared rate limits across instances
#   dovecot-imapd  a throw-away IMAP server for mailbox ingestion
#   dnsmasq-base   a throw-away DNS server for sender naming (reverse DNS) and the demo's names
#   python3-venv   a virtual environment for parsedmarc (npm run compare:parsedmarc)
# Needs root (CI runs as root). Without them, the tests that need one fail and say which.
set -euo pipefail

declare -A binary_of=([chromium]=chromium [redis-server]=redis-server [dovecot-imapd]=dovecot [dnsmasq-base]=dnsmasq)
missing=()
for package in "${!binary_of[@]}"; do
  # /usr/sbin is not on every user's PATH: look there too.
  command -v "${binary_of[$package]}" >/dev/null 2>&1 || [ -x "/usr/sbin/${binary_of[$package]}" ] || missing+=("$package")
done
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-packages: missing ${missing[*]}; install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "install-system-packages: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the services it installs where a service manager runs; the tests start their own.
for service in redis-server dovecot; do
  (command -v systemctl >/dev/null 2>&1 && systemctl disable --now "$service" >/dev/null 2>&1) || true
done
