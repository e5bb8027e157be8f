#!/usr/bin/env bash
# Installs what DeviceTrail needs on a fresh Debian machine and nothing more; fast when all is present.
# Java 17 and Maven are expected (they come with the machine); the rest comes from Debian's packages.
set -euo pipefail

need=()
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || need+=(postgresql-15)
command -v runuser >/dev/null || need+=(util-linux)

if ((${#need[@]})); then
  echo "devicetrail: installing ${need[*]} (Debian packages)" >&2
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts a cluster on install; DeviceTrail runs its own clusters in its own folders.
  $SUDO pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
fi

command -v java >/dev/null || { echo "devicetrail: Java 17 is required (java not found)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "devicetrail: Maven is required (mvn not found)" >&2; exit 1; }
