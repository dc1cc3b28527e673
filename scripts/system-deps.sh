#!/usr/bin/env bash
# Installs the system packages the test suite drives for real: Debian's Chromium and
# Firefox ESR for Playwright (Playwright's own browser downloads are not used), Redis
# for scale-out tests, strace for the zero-storage test, systemd-analyze to verify the
# unit file. Idempotent: installs only what is missing and runs `apt-get update` at most
# once.
set -euo pipefail

# command → Debian package
declare -A wanted=(
  [/usr/bin/chromium]=chromium
  [/usr/bin/firefox-esr]=firefox-esr
  [/usr/bin/redis-server]=redis-server
  [/usr/bin/strace]=strace
  [/usr/bin/systemd-analyze]=systemd
)

missing=()
for bin in "${!wanted[@]}"; do
  [[ -x "$bin" ]] || missing+=("${wanted[$bin]}")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${missing[*]} and apt-get is not available; install them with your package manager." >&2
  exit 1
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "system-deps: missing ${missing[*]}; run this script as root (or install sudo)." >&2
    exit 1
  fi
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
