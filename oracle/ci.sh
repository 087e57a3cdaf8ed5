#!/usr/bin/env bash
# The oracle's CI pass (.ci/run calls it after npm test, naming its clusters): the ping scenarios
# and 400 replayed frames on each cluster (default: the seed and the CrossSubnet example), both engines, every
# frame compared, the uplink ARP (M1) included
# (each scenario starts from empty neighbour tables on both sides: vmscript.ts flush_state);
# any mismatch fails.
# Where qemu cannot run (no apt-get to install it, not root, no /dev, a host that refuses), the
# pass is skipped with the reason printed, and the build does not fail for it.
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
skip() { echo "oracle: SKIPPED: $*"; exit 0; }

pkgs=(qemu-system-x86 busybox-static kmod cpio tcpreplay iproute2 tcpdump file python3-scapy)
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
file -L "$(command -v busybox 2>/dev/null || echo /nonexistent)" 2>/dev/null | grep -q 'statically linked' || need+=(busybox-static)
command -v depmod >/dev/null || [ -x /sbin/depmod ] || need+=(kmod)
command -v cpio >/dev/null || need+=(cpio)
command -v tcpreplay >/dev/null || need+=(tcpreplay)
PATH=$PATH:/usr/sbin:/sbin command -v ipvsadm >/dev/null || need+=(ipvsadm)
PATH=$PATH:/usr/sbin:/sbin command -v nft >/dev/null || need+=(nftables)
PATH=$PATH:/usr/sbin:/sbin command -v conntrack >/dev/null || need+=(conntrack)
{ command -v ip && command -v bridge; } >/dev/null || need+=(iproute2)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v file >/dev/null || need+=(file)
/usr/bin/python3 -c 'import scapy' 2>/dev/null || need+=(python3-scapy)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || skip "missing ${need[*]} and not root to install them"
  command -v apt-get >/dev/null || skip "missing ${need[*]} and no apt-get"
  apt-get update -qq || skip "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || skip "apt-get install ${need[*]} failed"
fi
command -v apt-get >/dev/null || skip "no apt-get: the kernel package cannot be fetched"
apt-cache depends linux-image-amd64 2>/dev/null | grep -q 'Depends: linux-image-[0-9]' || { apt-get update -qq >/dev/null 2>&1; apt-cache depends linux-image-amd64 2>/dev/null | grep -q 'Depends: linux-image-[0-9]' || skip "apt knows no linux-image-amd64 (not Debian?)"; }

# Can this host run qemu at all? (a container without the needed syscalls, an exotic arch)
qemu-system-x86_64 -accel tcg -machine none -nodefaults -display none -S -monitor none -serial none </dev/null >/dev/null 2>&1 &
qp=$!; sleep 2
if kill -0 "$qp" 2>/dev/null; then kill "$qp"; wait "$qp" 2>/dev/null; else wait "$qp"; rc=$?; [ "$rc" = 0 ] || skip "qemu-system-x86_64 does not start here (exit $rc)"; fi

node --import tsx oracle/main.ts --quick "$@"
