#!/usr/bin/env bash
# Installs the Debian packages named as arguments, as root with apt-get, and leaves their services
# stopped (the tests start their own). `npm test` calls it with the packages whose programs it did
# not find (test/setup/system-packages.ts): chromium, redis-server, dovecot-imapd, dnsmasq-base,
# curl, prometheus;
# `npm run compare:parsedmarc` with python3-venv.
set -euo pipefail
if [ "$#" -eq 0 ]; then
  exit 0
fi
command="apt-get update && apt-get install -y --no-install-recommends $*"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-packages: no apt-get here; install $* (or their equivalents) with your package manager" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-packages: needs root; run: sudo sh -c '$command'" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
# Debian starts the services it installs where a service manager runs (unless policy-rc.d says
# no, as in containers); the tests start their own on free ports.
for service in redis-server dovecot prometheus; do
  [ -e "/etc/init.d/$service" ] || [ -e "/lib/systemd/system/$service.service" ] || continue
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now "$service" >/dev/null 2>&1 || true
  elif command -v service >/dev/null 2>&1; then
    service "$service" stop >/dev/null 2>&1 || true
  fi
done
