#!/usr/bin/env bash
# Install the system packages Baomi needs when they are missing.
#   pdf:     Pango (WeasyPrint) and Noto CJK fonts, for Chinese PDF reports
#   browser: Debian chromium, for the browser tests
set -euo pipefail
what=${1:-pdf}
missing=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
case "$what" in
  pdf) for p in libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk; do have_pkg "$p" || missing+=("$p"); done ;;
  browser) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
  *) echo "usage: sysdeps.sh pdf|browser" >&2; exit 2 ;;
esac
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Baomi needs these system packages: ${missing[*]} (install them with your package manager)" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Baomi needs these system packages; please run:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
