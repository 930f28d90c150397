#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit tests, then the e2e tests against real lab hosts.
# The e2e part needs root (namespaces, mounts, nspawn) and fails plainly without it.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci
if [ "$(id -u)" != 0 ]; then
	echo "npm test: the e2e tests bring up lab hosts and need root; run as root (sudo npm test)" >&2
	exit 1
fi
# What the lab and the tests use on this machine (lab.sh installs its own too).
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v systemd-nspawn >/dev/null || need+=(systemd-container)
[ -x /usr/bin/etcd ] || need+=(etcd-server)
[ -x /usr/bin/etcdctl ] || need+=(etcd-client)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null || need+=(openssh-client)
command -v openssl >/dev/null || need+=(openssl)
command -v tmux >/dev/null || need+=(tmux)
[ -f /etc/ssl/certs/ca-certificates.crt ] || need+=(ca-certificates)
if [ ${#need[@]} -gt 0 ]; then
	echo "npm test: installing ${need[*]}" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

npx tsc -p tsconfig.test.json
npx biome check source test bench
npm run --silent lint:deps
npm run build --silent
npx vitest run --project unit
npx vitest run --project e2e
