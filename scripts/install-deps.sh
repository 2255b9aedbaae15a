#!/usr/bin/env bash
# Install the Debian packages netrota needs to build and test, only those missing.
# apt-get as root, sudo otherwise; says what it installs.
set -euo pipefail

packages=(cmake make gcc pkg-config libglpk-dev libical-dev libsqlite3-dev
          libcriterion-dev libcsv-dev libyaml-dev libjansson-dev)
# Extra packages for a purpose, e.g. `install-deps.sh glpk-utils coinor-cbc`.
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "netrota: installing missing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "netrota: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
