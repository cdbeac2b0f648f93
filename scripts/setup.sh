#!/usr/bin/env bash
# Installs with apt-get whatever Loyal needs to build, test and run that is missing.
# Safe to run again: it does nothing when everything is there.
set -euo pipefail

packages=(
  g++ make cmake ninja-build pkg-config git tzdata ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-iostreams1.81-dev
  libexpected-dev libnlopt-cxx-dev libeigen3-dev libssl-dev zlib1g-dev libsqlite3-dev
  libpq-dev libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libspdlog-dev
  libhowardhinnant-date-dev libsodium-dev
  postgresql-15 sqlite3 procps
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
