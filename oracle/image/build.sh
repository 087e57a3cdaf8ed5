#!/usr/bin/env bash
# Builds the oracle VM image into $1 (a cache directory keyed by the kernel package's version):
#   $1/vmlinuz          Debian's kernel, from the .deb (extracted with dpkg-deb, never installed)
#   $1/initrd.cpio.gz   busybox-static as init and shell, iproute2 (ip, bridge), tcpdump,
#                       tcpreplay, ipvsadm, nft (nftables) and conntrack (conntrack-tools) copied
#                       from this host with their shared libraries, and the kernel modules the
#                       oracle loads, resolved from modules.dep
#   $1/image.txt        what went in (package, kernel release, modules, tool versions)
# usage: build.sh DIR KERNEL_PACKAGE   (e.g. linux-image-6.1.0-57-amd64)
# Writes into DIR.tmp and renames it at the end, so an interrupted build leaves no half image.
set -euo pipefail
OUT=$1
KPKG=$2
PATH=$PATH:/usr/sbin:/sbin
TMP="$OUT.tmp"
rm -rf "$TMP"
mkdir -p "$TMP/deb"
(cd "$TMP/deb" && apt-get download "$KPKG" 2>&1 >/dev/null | grep -v "Download is performed unsandboxed" >&2 || true)
[ -n "$(ls "$TMP"/deb/*.deb 2>/dev/null)" ] || { echo "oracle: apt-get download $KPKG failed" >&2; exit 1; }
deb=$(ls "$TMP"/deb/*.deb)
dpkg-deb -x "$deb" "$TMP/kroot"
KV=$(ls "$TMP/kroot/lib/modules")
cp "$TMP/kroot/boot/vmlinuz-$KV" "$TMP/vmlinuz"
depmod -b "$TMP/kroot" "$KV"
MODDIR="$TMP/kroot/lib/modules/$KV"

R="$TMP/root"
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,lib/modules,etc,proc,sys,dev,run,tmp,in,out}

BB=$(command -v busybox)
file -L "$BB" | grep -q 'statically linked' || { echo "oracle: $BB is not static (install busybox-static)" >&2; exit 1; }
cp "$BB" "$R/bin/busybox"

# copy_bin SRC DEST: a dynamically linked tool and every library ldd names, at the same paths
copy_bin() {
  cp -L "$1" "$R$2"
  ldd "$1" | awk '/=> \//{print $3} /^[[:space:]]*\/lib/{print $1}' | while read -r lib; do
    mkdir -p "$R$(dirname "$lib")"
    [ -e "$R$lib" ] || cp -L "$lib" "$R$lib"
  done
}
copy_bin "$(command -v ip)" /sbin/ip
copy_bin "$(command -v bridge)" /sbin/bridge
copy_bin "$(command -v tcpdump)" /usr/sbin/tcpdump
copy_bin "$(command -v tcpreplay)" /usr/bin/tcpreplay
# kube-proxy's IPVS mode (oracle/scenarios/services.ts): the virtual servers, its iptables rules
# (written for nftables), and the conntrack table's view
copy_bin "$(command -v ipvsadm)" /usr/sbin/ipvsadm
copy_bin "$(command -v nft)" /usr/sbin/nft
copy_bin "$(command -v conntrack)" /usr/sbin/conntrack
# tcpdump -Z root looks the user up through NSS
for l in /lib/x86_64-linux-gnu/libnss_files.so.2; do [ -e "$l" ] && cp -L "$l" "$R$l"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$R/etc/passwd"
printf 'root:x:0:\n' > "$R/etc/group"
printf 'passwd: files\ngroup: files\n' > "$R/etc/nsswitch.conf"

# Modules with their dependencies first (modules.dep lists every module a module needs, each of
# which has its own line): the 9p share, veth, the bridge for L2 segments, ipip, dummy (kube-ipvs0).
declare -A DEP=() REL=()
while IFS= read -r line; do
  k=${line%%:*}; v=${line#*:}
  n=$(basename "$k"); n=${n%%.ko*}
  REL[$n]=$k
  deps=""
  for d in $v; do b=$(basename "$d"); deps="$deps ${b%%.ko*}"; done
  DEP[$n]=$deps
done < "$MODDIR/modules.dep"
ORDER=()
visit() {
  local m=$1 d x
  for x in "${ORDER[@]:-}"; do [ "$x" = "$m" ] && return 0; done
  [ -n "${REL[$m]:-}" ] || { echo "oracle: module $m not in modules.dep" >&2; exit 1; }
  for d in ${DEP[$m]}; do visit "$d"; done
  ORDER+=("$m")
}
for m in virtio_pci 9pnet_virtio 9p veth bridge ipip dummy; do visit "$m"; done
BASE=${#ORDER[@]}
# Services (kube-proxy in IPVS mode), loaded only before the Service scenarios: IPVS with its rr
# scheduler, conntrack (and its defragmenters), nftables' NAT chains and masquerade.
# crc32c_generic first: libcrc32c asks the crypto API for "crc32c", which would need modprobe.
for m in crc32c_generic ip_vs ip_vs_rr nf_conntrack nf_defrag_ipv4 nf_defrag_ipv6 libcrc32c nf_nat nf_tables nft_chain_nat nft_masq nf_conntrack_netlink; do visit "$m"; done
for m in "${ORDER[@]}"; do
  rel=${REL[$m]}
  case $rel in
    *.ko) cp "$MODDIR/$rel" "$R/lib/modules/$m.ko" ;;
    *.ko.xz) xz -dc "$MODDIR/$rel" > "$R/lib/modules/$m.ko" ;;
    *.ko.zst) zstd -qdc "$MODDIR/$rel" > "$R/lib/modules/$m.ko" ;;
  esac
done
printf '%s\n' "${ORDER[@]:0:$BASE}" > "$R/lib/modules/order"
printf '%s\n' "${ORDER[@]:$BASE}" > "$R/lib/modules/order.services"

# init: mount the shares, load the modules the share needs, run /in/run.sh, power off. The
# network modules are loaded by run.sh: ipip must come after the uplinks exist (device order).
cat > "$R/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
rm -f /bin/ip /bin/tcpdump /bin/ipvsadm /bin/nft /bin/conntrack
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
mount -t tmpfs tmp /tmp
mkdir -p /run/netns
for m in $(cat /lib/modules/order); do
  case $m in virtio*|9p*|netfs|fscache) insmod /lib/modules/$m.ko || echo "ORACLE: insmod $m failed" ;; esac
done
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out /out || echo "ORACLE: mount out failed"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,ro in /in || echo "ORACLE: mount in failed"
echo "ORACLE: booted $(uname -r) at $(cut -d' ' -f1 /proc/uptime)"
if [ -f /in/run.sh ]; then
  sh /in/run.sh > /out/vm.log 2>&1
  echo "ORACLE: run.sh rc=$? at $(cut -d' ' -f1 /proc/uptime)"
fi
sync
poweroff -f
INIT
chmod +x "$R/init"

(cd "$R" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$TMP/initrd.cpio.gz"
{
  echo "package: $KPKG ($(dpkg-deb -f "$deb" Version))"
  echo "kernel: $KV"
  echo "modules: ${ORDER[*]}"
  echo "busybox: $(busybox | head -1)"
  echo "iproute2: $(ip -V)"
  echo "tcpdump: $(tcpdump --version 2>&1 | head -1)"
  echo "tcpreplay: $(tcpreplay -V 2>&1 | head -1)"
  echo "ipvsadm: $(dpkg-query -W -f '${Version}' ipvsadm 2>/dev/null)"
  echo "nft: $(nft -v 2>&1 | head -1)"
  echo "conntrack: $(conntrack --version 2>&1 | head -1)"
} > "$TMP/image.txt"
rm -rf "$TMP/deb" "$TMP/kroot" "$TMP/root"
rm -rf "$OUT"
mv "$TMP" "$OUT"
