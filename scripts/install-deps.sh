#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests need, only those missing:
# etcd-server and etcd-client (real etcd for tests and the demo), openssl (TLS test
# certificates), bird2 and iproute2 (node tests), gcc (calico-ipam's native client), and a kubectl (Debian's kubernetes-client unless one is already installed,
# e.g. Google's kubectl package, which conflicts with it). Needs root (or sudo).
set -euo pipefail
need=()
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || need+=(etcd-client)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v kubectl >/dev/null 2>&1 || need+=(kubernetes-client)
# BIRD 2 and iproute2 for the node bootstrap tests (BGP sessions in network namespaces).
command -v bird >/dev/null 2>&1 || need+=(bird2)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
# For bench/cni-add.mjs: Debian's host-local IPAM plugin (the baseline) and /usr/bin/time.
[ -x /usr/lib/cni/host-local ] || need+=(containernetworking-plugins)
[ -x /usr/bin/time ] || need+=(time)
# A C compiler for calico-ipam's native daemon client (scripts/build-native.js).
command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
