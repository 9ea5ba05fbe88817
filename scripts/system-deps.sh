#!/usr/bin/env bash
# Install the Debian packages Boportal needs, only when they are missing.
#
#   scripts/system-deps.sh run     WeasyPrint's Pango, fonts, gettext
#   scripts/system-deps.sh test    the above plus Chromium for browser tests
#   scripts/system-deps.sh bench   the above plus nginx and wrk for `make bench`
#
# Without root or apt-get it prints what is missing and how to install it, and
# fails, rather than leaving a half-working setup.
set -euo pipefail

profile="${1:-run}"
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext)
case "$profile" in
  run) ;;
  test) packages+=(chromium) ;;
  bench) packages+=(nginx-light wrk) ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Boportal needs these system packages: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get here. Install the equivalents of: ${missing[*]} with your package manager." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Run as root, or install them yourself: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
