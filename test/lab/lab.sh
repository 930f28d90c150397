#!/usr/bin/env bash
# The lab: real Debian hosts on one machine, for tests and benchmarks.
#
#   lab.sh up N      fresh hosts etcd1..etcdN (tears down this prefix's old lab first)
#   lab.sh down      stops the hosts, removes namespaces, mounts, links and processes
#   lab.sh env       prints the lab as JSON (hosts, addresses, ssh key, mirror URLs)
#   lab.sh status    one line per host: name, management address, running or not
#
# Each host: a Debian bookworm overlay booted by systemd-nspawn (systemd as PID 1) in its own
# network namespace, eth0 on a management bridge (SSH from this machine), wg0 on a cluster
# bridge (no address on this machine: only the hosts talk there). Root and `ops` (passwordless
# sudo) accept the lab's own SSH key. Environment: LAB_PREFIX (default ewl), LAB_MGMT_NET
# (default 10.77.0), LAB_CLUSTER_NET (default 10.88.0), LAB_CACHE, LAB_STATE.
set -euo pipefail

PREFIX=${LAB_PREFIX:-ewl}
MGMT_NET=${LAB_MGMT_NET:-10.77.0}
CLUSTER_NET=${LAB_CLUSTER_NET:-10.88.0}
CACHE=${LAB_CACHE:-/var/cache/etcd-wizard-lab}
STATE=${LAB_STATE:-/var/lib/etcd-wizard-lab/$PREFIX}
MIRROR_PORT=${LAB_MIRROR_PORT:-8080}
CPUACCT=/sys/fs/cgroup/cpuacct
ETCD_VERSION=3.4.23
BASE_PACKAGES=systemd,systemd-sysv,dbus,openssh-server,sudo,iproute2,curl,ca-certificates,nftables,iputils-ping,procps
# Bump when the base image's recipe changes, so a cached image is rebuilt.
BASE_RECIPE="1:$BASE_PACKAGES"
BASE=$CACHE/bookworm-base
MGMT_BRIDGE=$PREFIX-mgmt
CLUSTER_BRIDGE=$PREFIX-clus

say() { printf 'lab: %s\n' "$*" >&2; }
die() {
	printf 'lab: %s\n' "$*" >&2
	exit 1
}

require_host() {
	[ "$(id -u)" = 0 ] || die "needs root (network namespaces, mounts, systemd-nspawn); run as root"
	ip netns add "$PREFIX-probe" 2>/dev/null || die "cannot create network namespaces here (ip netns add failed)"
	ip netns del "$PREFIX-probe"
	grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || die "the kernel has no overlayfs"
	local missing=()
	command -v debootstrap >/dev/null || missing+=(debootstrap)
	command -v systemd-nspawn >/dev/null || missing+=(systemd-container)
	[ -x /usr/bin/etcd ] || missing+=(etcd-server)
	[ -x /usr/bin/etcdctl ] || missing+=(etcd-client)
	command -v ssh-keygen >/dev/null || missing+=(openssh-client)
	command -v python3 >/dev/null || missing+=(python3)
	if [ ${#missing[@]} -gt 0 ]; then
		say "installing ${missing[*]}"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
			die "apt-get could not install ${missing[*]}"
	fi
}

# The base image: made once with debootstrap, then cached; every host is an overlay on it.
build_base() {
	if [ -f "$BASE/.recipe" ] && [ "$(cat "$BASE/.recipe")" = "$BASE_RECIPE" ]; then return; fi
	say "building the base image (debootstrap bookworm, about a minute)"
	local started=$SECONDS tmp=$CACHE/base.tmp
	mkdir -p "$CACHE"
	umount_below "$tmp"
	rm -rf "$tmp" "$BASE"
	debootstrap --variant=minbase --include="$BASE_PACKAGES" bookworm "$tmp" >"$CACHE/debootstrap.log" 2>&1 ||
		die "debootstrap failed; see $CACHE/debootstrap.log"
	umount_below "$tmp"
	chroot "$tmp" /bin/sh -eu <<'EOF'
useradd --create-home --shell /bin/bash ops
echo 'ops ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/ops
chmod 0440 /etc/sudoers.d/ops
rm -f /etc/ssh/ssh_host_*
printf 'UseDNS no\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n' > /etc/ssh/sshd_config.d/lab.conf
: > /etc/machine-id
apt-get clean
rm -rf /var/lib/apt/lists/*
EOF
	# nspawn's /sys shows this machine's interfaces, not the namespace's: mount a fresh sysfs
	# (made inside the host's own namespace) over the network parts, early at boot.
	cat >"$tmp/etc/systemd/system/lab-netsys.service" <<'EOF'
[Unit]
Description=Lab: sysfs network view of this host's own namespace
DefaultDependencies=no
Before=sysinit.target systemd-udevd.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'mkdir -p /run/lab-sys && mount -t sysfs sysfs /run/lab-sys && mount --bind /run/lab-sys/class/net /sys/class/net && mount --bind /run/lab-sys/devices/virtual/net /sys/devices/virtual/net'

[Install]
WantedBy=sysinit.target
EOF
	ln -sf /etc/systemd/system/lab-netsys.service "$tmp/etc/systemd/system/sysinit.target.wants/lab-netsys.service"
	echo "$BASE_RECIPE" >"$tmp/.recipe"
	mv "$tmp" "$BASE"
	say "base image ready in $((SECONDS - started)) s"
}

# Debian's etcd 3.4 binaries repacked as upstream ships them, with SHA256SUMS, so the
# product's download-and-verify path runs for real.
build_mirror() {
	local dir=$CACHE/mirror/v$ETCD_VERSION name=etcd-v$ETCD_VERSION-linux-amd64
	[ -f "$dir/SHA256SUMS" ] && return
	local tmp
	tmp=$(mktemp -d)
	mkdir -p "$tmp/$name" "$dir"
	cp /usr/bin/etcd /usr/bin/etcdctl "$tmp/$name/"
	tar -C "$tmp" -czf "$dir/$name.tar.gz" "$name"
	(cd "$dir" && sha256sum "$name.tar.gz" >SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
	rm -rf "$tmp"
}

umount_below() {
	local dir=$1
	[ -n "$dir" ] || return 0
	# Deepest first.
	awk -v d="$dir" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/mounts | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

kill_pidfile() {
	local file=$1 pid
	[ -f "$file" ] || return 0
	pid=$(cat "$file")
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$file"
}

cmd_down() {
	[ "$(id -u)" = 0 ] || die "needs root"
	local started=$SECONDS
	# Hosts first: nspawn turns SIGTERM into a clean shutdown of the host's systemd.
	if [ -d "$STATE/hosts" ]; then
		for pidfile in "$STATE"/hosts/*/nspawn.pid; do
			[ -f "$pidfile" ] && kill_pidfile "$pidfile" &
		done
		wait
	fi
	# Anything nspawn left of this prefix (a run interrupted before its pid file was written).
	pkill -f "systemd-nspawn .*--machine=$PREFIX-" 2>/dev/null || true
	kill_pidfile "$STATE/mirror.pid"
	umount_below "$STATE"
	for ns in $(ip netns list | awk '{print $1}' | grep "^$PREFIX-" || true); do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
		ip netns del "$ns"
	done
	for link in $(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | grep "^$PREFIX" || true); do
		ip link del "$link" 2>/dev/null || true
	done
	rmdir "$CPUACCT/$PREFIX-"* 2>/dev/null || true
	rm -rf "$STATE"
	say "down in $((SECONDS - started)) s"
}

add_link() { # add_link NS IFNAME BRIDGE HOSTSIDE ADDR
	local ns=$1 ifname=$2 bridge=$3 hostside=$4 addr=$5
	ip link add "$hostside" type veth peer name "$ifname" netns "$ns"
	ip link set "$hostside" master "$bridge" up
	ip -n "$ns" addr add "$addr/24" dev "$ifname"
	ip -n "$ns" link set "$ifname" up
}

start_host() { # start_host INDEX
	local i=$1 name=etcd$1 ns=$PREFIX-etcd$1 dir=$STATE/hosts/etcd$1
	mkdir -p "$dir/upper" "$dir/work" "$dir/root"
	mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$dir/upper,workdir=$dir/work" "$dir/root"
	local root=$dir/root
	echo "$name" >"$root/etc/hostname"
	printf '127.0.0.1 localhost\n127.0.1.1 %s\n' "$name" >"$root/etc/hosts"
	ssh-keygen -q -A -f "$root"
	for home in "$root/root" "$root/home/ops"; do
		mkdir -p "$home/.ssh"
		cp "$STATE/id_ed25519.pub" "$home/.ssh/authorized_keys"
		chmod 700 "$home/.ssh"
		chmod 600 "$home/.ssh/authorized_keys"
	done
	chroot "$root" chown -R ops:ops /home/ops/.ssh

	ip netns add "$ns"
	ip -n "$ns" link set lo up
	add_link "$ns" eth0 "$MGMT_BRIDGE" "${PREFIX}m$i" "$MGMT_NET.1$i"
	add_link "$ns" wg0 "$CLUSTER_BRIDGE" "${PREFIX}c$i" "$CLUSTER_NET.1$i"
	ip -n "$ns" route add default via "$MGMT_NET.1"

	# The host runs in its own CPU accounting group (where cgroup v1's cpuacct is mounted), so the
	# benchmark can say how much CPU each host used: all hosts share this machine's cores.
	local tasks=
	if [ -d "$CPUACCT" ] && mkdir -p "$CPUACCT/$PREFIX-$name" 2>/dev/null; then
		tasks=$CPUACCT/$PREFIX-$name/tasks
	fi
	# shellcheck disable=SC2016 # $$ and $1 belong to the inner shell
	setsid bash -c '[ -z "$1" ] || echo $$ >"$1" 2>/dev/null || true; shift; exec "$@"' _ "$tasks" \
		systemd-nspawn --boot --quiet --directory="$root" --machine="$PREFIX-$name" \
		--hostname="$name" --network-namespace-path="/run/netns/$ns" --register=no --keep-unit \
		--console=passive --link-journal=no --resolv-conf=off --timezone=off \
		</dev/null >"$dir/console.log" 2>&1 &
	echo $! >"$dir/nspawn.pid"
}

wait_for_ssh() { # wait_for_ssh INDEX
	local addr=$MGMT_NET.1$1
	for _ in $(seq 1 600); do
		if ssh -q -i "$STATE/id_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=no \
			-o UserKnownHostsFile=/dev/null -o ConnectTimeout=2 "root@$addr" \
			'systemctl is-system-running --wait >/dev/null 2>&1; true' 2>/dev/null; then
			return 0
		fi
		sleep 0.2
	done
	die "etcd$1 ($addr) did not answer on SSH within 2 minutes; see $STATE/hosts/etcd$1/console.log"
}

cmd_up() {
	local count=${1:-3}
	[[ $count =~ ^[1-9]$ ]] || die "up takes a host count from 1 to 9, got '$count'"
	require_host
	cmd_down 2>/dev/null
	build_base
	build_mirror
	local started=$SECONDS
	mkdir -p "$STATE/hosts"
	ssh-keygen -q -t ed25519 -N '' -C "etcd-wizard lab" -f "$STATE/id_ed25519"

	ip link add "$MGMT_BRIDGE" type bridge
	ip addr add "$MGMT_NET.1/24" dev "$MGMT_BRIDGE"
	ip link set "$MGMT_BRIDGE" up
	ip link add "$CLUSTER_BRIDGE" type bridge
	ip link set "$CLUSTER_BRIDGE" up

	setsid python3 -m http.server --bind "$MGMT_NET.1" --directory "$CACHE/mirror" "$MIRROR_PORT" \
		</dev/null >"$STATE/mirror.log" 2>&1 &
	echo $! >"$STATE/mirror.pid"

	for i in $(seq 1 "$count"); do start_host "$i"; done
	local waiters=() failed=0
	for i in $(seq 1 "$count"); do
		wait_for_ssh "$i" &
		waiters+=($!)
	done
	for pid in "${waiters[@]}"; do wait "$pid" || failed=1; done
	[ $failed = 0 ] || die "not every host came up; the lab is left as it is for a look ('lab.sh down' clears it)"
	echo "$count" >"$STATE/count"
	say "up: $count hosts in $((SECONDS - started)) s"
}

# `,"cpuUsageFile":"..."` when the host has a CPU accounting group (cpuacct.usage, in ns).
cpu_usage_field() {
	[ -f "$CPUACCT/$1/cpuacct.usage" ] && printf ',"cpuUsageFile":"%s"' "$CPUACCT/$1/cpuacct.usage"
	true
}

cmd_env() {
	[ -f "$STATE/count" ] || die "no lab is up with prefix $PREFIX; run 'npm run lab -- up 3'"
	local count hosts=""
	count=$(cat "$STATE/count")
	for i in $(seq 1 "$count"); do
		[ -n "$hosts" ] && hosts+=","
		hosts+="{\"name\":\"etcd$i\",\"address\":\"$MGMT_NET.1$i\",\"clusterAddress\":\"$CLUSTER_NET.1$i\",\"netns\":\"$PREFIX-etcd$i\",\"machine\":\"$PREFIX-etcd$i\"$(cpu_usage_field "$PREFIX-etcd$i")}"
	done
	local base="http://$MGMT_NET.1:$MIRROR_PORT"
	cat <<EOF
{"prefix":"$PREFIX","user":"ops","sshKey":"$STATE/id_ed25519","state":"$STATE","mgmtGateway":"$MGMT_NET.1","clusterInterface":"wg0","etcdVersion":"$ETCD_VERSION","mirror":{"downloadUrl":"$base/v{version}/etcd-v{version}-linux-{arch}.tar.gz","checksumUrl":"$base/v{version}/SHA256SUMS","tarball":"$CACHE/mirror/v$ETCD_VERSION/etcd-v$ETCD_VERSION-linux-amd64.tar.gz"},"hosts":[$hosts]}
EOF
}

cmd_status() {
	[ -f "$STATE/count" ] || die "no lab is up with prefix $PREFIX"
	for i in $(seq 1 "$(cat "$STATE/count")"); do
		local state=stopped
		kill -0 "$(cat "$STATE/hosts/etcd$i/nspawn.pid" 2>/dev/null)" 2>/dev/null && state=running
		printf 'etcd%s\t%s\t%s\t%s\n' "$i" "$MGMT_NET.1$i" "$CLUSTER_NET.1$i" "$state"
	done
}

case "${1:-}" in
up) cmd_up "${2:-3}" ;;
down) cmd_down ;;
env) cmd_env ;;
status) cmd_status ;;
*) die "usage: lab.sh up N | down | env | status" ;;
esac
