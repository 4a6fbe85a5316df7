#!/usr/bin/env bash
# The demo: a throwaway etcd on a free loopback port, the seed manifests applied, a few gets,
# then etcd stopped by PID and its data removed. Run from the repository root after a build.
set -euo pipefail
cd "$(dirname "$0")/.."

info=$(mktemp /tmp/calicoctl-demo.XXXXXX)
node scripts/etcd-process.mjs >"$info" &
launcher=$!
cleanup() { kill "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; rm -f "$info"; }
trap cleanup EXIT
for _ in $(seq 1 200); do [ -s "$info" ] && break; sleep 0.1; done
endpoint=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$info','utf8')).endpoint)")
export DATASTORE_TYPE=etcdv3 ETCD_ENDPOINTS="$endpoint"
echo "# a throwaway etcd at $ETCD_ENDPOINTS"

run() { echo; echo "\$ calicoctl $*"; node bin/calicoctl.js "$@"; }
run apply -f fixtures/seed/
run get bgpconfig default
run get ippools -o wide
run get globalnetworkpolicies
echo
echo "# A Kubernetes NetworkPolicy is not a Calico resource: apply refuses it, convert translates it:"
run apply -f fixtures/seed-k8s/k8s-networkpolicy.yaml || echo "(exit code $?)"
run convert -f fixtures/seed-k8s/k8s-networkpolicy.yaml
