#!/usr/bin/env bash
# Installs the Debian packages itsm needs to build, test and benchmark.
# Extra package names as arguments are installed too (scripts/hardening.sh: clang-14 for the
# sanitizer and fuzz builds; scripts/postgres.sh: postgresql-15), so the plain build stays lean.
# Skips apt entirely when everything is already there (fast re-runs, no root needed then).
set -euo pipefail
pkgs=(cmake g++ make ccache pkg-config
      libboost-dev libboost-graph-dev libboost-date-time-dev
      libfmt-dev catch2 libsqlitecpp-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libssl-dev
      libhowardhinnant-date-dev tzdata libpq-dev graphviz
      pybind11-dev python3-dev python3-pytest libcli11-dev "$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "itsm: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
