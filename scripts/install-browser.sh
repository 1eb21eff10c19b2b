#!/usr/bin/env bash
# Debian's Chromium (driven by playwright-core in the reviewer end-to-end test; a Playwright browser download is not
# possible here) and a CJK font, so screenshots of the Chinese dataset are readable. Skips what is there already.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -i 'wqy\|noto sans cjk' >/dev/null || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -eq 0 ]; then
  echo "[install-browser] chromium and a CJK font are installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "[install-browser] installing ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
/usr/bin/chromium --version
