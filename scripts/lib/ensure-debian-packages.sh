#!/usr/bin/env bash
# Installs the named Debian packages when they are missing (as root, or with sudo), so a fresh
# machine gets what the tests need from the project's own scripts. Usage: ensure-debian-packages.sh PKG...
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
printf '[cc-otel] installing Debian packages: %s\n' "${missing[*]}" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
