# shellcheck shell=bash
# Build step of the image « proxmox », sourced by customize.sh once
# overlay-proxmox/ is over the root: Debian's lxc under the lab's pct, pveam,
# pvesm and vzdump (teaching stand-ins for Proxmox VE's tools), and the
# containers' template. Hashed for this image only (scripts/image/build.ts).
# shellcheck disable=SC2154 # R and LABO_WORK: set by customize.sh
has_lxc() { [ -x "$R/usr/bin/lxc-start" ]; }

build_ct_template() {
	# The containers' template for the Proxmox labs: Debian's busybox-static
	# and Debian 12's base files, a few hundred kilobytes, so that `pct create`
	# unpacks it in about a second in the emulator (a Debian minbase would be
	# 150 MB). Proxmox names templates <os>-<version>-<flavour>_<release>_<arch>.
	# The lab's template catalogue (pveam available); local starts empty, as
	# on a fresh Proxmox host.
	local t="$LABO_WORK/ct-template" out="$R/usr/share/labo-pve/store" name=debian-12-labo_12.0-1_i386
	rm -rf "$t" && mkdir -p "$t" "$out"
	dpkg-deb -x "$LABO_WORK"/side-debs/busybox-static_*.deb "$t/.deb"
	mkdir -p "$t"/{bin,sbin,usr/bin,usr/sbin,etc/init.d,root,tmp,proc,sys,dev,run,var/log,var/www,home}
	chmod 1777 "$t/tmp"
	chmod 700 "$t/root"
	mv "$t/.deb/bin/busybox" "$t/bin/busybox"
	rm -rf "$t/.deb"
	local applet
	for applet in sh ash ls cat echo ps top free df du mount umount ip ping hostname sleep \
		vi less grep sed awk head tail wc sort uniq cut tr mkdir rm rmdir cp mv ln touch chmod chown \
		id whoami env printf kill killall uptime date wget nc httpd dmesg find xargs tee seq \
		true false test expr basename dirname stat yes nproc; do
		ln -s busybox "$t/bin/$applet"
	done
	ln -s ../bin/busybox "$t/sbin/init"
	ln -s ../bin/busybox "$t/sbin/poweroff"
	ln -s ../bin/busybox "$t/sbin/halt"
	ln -s ../bin/busybox "$t/sbin/reboot"
	cp "$R/etc/os-release" "$R/etc/debian_version" "$t/etc/"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$t/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$t/etc/group"
	printf '127.0.0.1\tlocalhost\n' >"$t/etc/hosts"
	echo 'nameserver 10.10.10.1' >"$t/etc/resolv.conf"
	printf 'export PS1='"'"'\\u@\\h:\\w\\$ '"'"'\nexport PATH=/usr/sbin:/usr/bin:/sbin:/bin\ncd\n' >"$t/etc/profile"
	cat >"$t/etc/inittab" <<'INIT'
::sysinit:/etc/init.d/rcS
::shutdown:/bin/umount -a -r
INIT
	cat >"$t/etc/init.d/rcS" <<'RCS'
#!/bin/sh
# Container start-up: the network is already configured by LXC (pct's net0).
hostname -F /etc/hostname 2>/dev/null
[ -d /var/www ] && [ -f /var/www/index.html ] && httpd -h /var/www
exit 0
RCS
	chmod 755 "$t/etc/init.d/rcS"
	echo "<h1>Conteneur du labo Proxmox</h1>" >"$t/var/www/index.html"
	tar --numeric-owner --owner=0 --group=0 -C "$t" -czf "$out/$name.tar.gz" .
	# The same files uncompressed, owned by 100000 as in an unprivileged
	# container (Proxmox VE 9's default): pct unpacks this copy when the
	# template is the catalogue's, without gzip and without a chown pass; BusyBox
	# (2 MB, 0.6 s to write over 9p) stays beside it, in <name>.shared/, and each
	# container's /bin/busybox is a hard link to it (pct's shifted_template and
	# unpack; figures in bench/results/proxmox-lab.md).
	local shifted="$R/usr/share/labo-pve/unprivileged"
	mkdir -p "$shifted/$name.shared/bin"
	cp -p "$t/bin/busybox" "$shifted/$name.shared/bin/busybox"
	chown -R 100000:100000 "$shifted/$name.shared"
	tar --numeric-owner --owner=100000 --group=100000 -C "$t" --exclude=./bin/busybox -cf "$shifted/$name.tar" .
	rm -rf "$t"
}

configure_proxmox() {
	has_lxc || {
		echo "overlay-proxmox demande le paquet lxc dans la variante de la recette" >&2
		exit 1
	}
	# Proxmox starts containers itself; LXC's own services and dnsmasq stay off.
	local unit
	for unit in lxc.service lxc-net.service lxc-monitord.service; do
		in_root systemctl disable "$unit" >/dev/null 2>&1 || true
		in_root systemctl mask "$unit" >/dev/null 2>&1 || true
	done
	in_root systemctl enable labo-pve.service >/dev/null 2>&1
	# Unprivileged containers map root to 100000–165535, as on a Proxmox host
	# (LXC goes through newuidmap when it is installed, which reads these).
	local f
	for f in subuid subgid; do
		grep -q '^root:' "$R/etc/$f" 2>/dev/null || echo 'root:100000:65536' >>"$R/etc/$f"
	done
	mkdir -p "$R"/var/lib/vz/{dump,images,template/cache,template/iso} "$R/etc/pve/lxc" "$R/var/lib/lxc"
	build_ct_template
}

configure_proxmox
