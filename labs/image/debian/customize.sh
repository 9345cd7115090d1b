#!/bin/bash
# Runs on the build host as an mmdebstrap customize hook: $1 is the new root.
# Settings come from the recipe through LABO_* variables (scripts/image/rootfs.ts).
set -Eeuo pipefail

readonly R="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly HERE

in_root() { chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

fetch_side_debs() {
	# Kernel, SeaBIOS and busybox come from the same mirror and suite as the
	# userland; they are downloaded, never installed into the guest.
	local dir=/var/cache/apt/archives kpkg
	kpkg=$(in_root apt-cache depends "$LABO_KERNEL" | awk '/Depends: linux-image-/ {print $2; exit}')
	[ -n "$kpkg" ] || { echo "noyau introuvable : $LABO_KERNEL" >&2; exit 1; }
	in_root sh -c "cd $dir && apt-get download -q $kpkg seabios busybox-static >/dev/null"
	mkdir -p "$LABO_WORK/side-debs"
	cp "$R$dir/$kpkg"_*.deb "$R$dir"/seabios_*.deb "$R$dir"/busybox-static_*.deb "$LABO_WORK/side-debs/"
}

fetch_repo_debs() {
	# Packages for the site's own apt repository: exactly what apt would fetch
	# to install them on top of this image.
	[ -n "$LABO_REPO_PACKAGES" ] || return 0
	mkdir -p "$R/var/tmp/labo-repo/partial" "$LABO_WORK/repo-debs"
	# shellcheck disable=SC2086 # word splitting wanted: a package list
	in_root apt-get install -q -y --download-only -o Dir::Cache::Archives=/var/tmp/labo-repo/ $LABO_REPO_PACKAGES >/dev/null
	cp "$R"/var/tmp/labo-repo/*.deb "$LABO_WORK/repo-debs/"
	rm -rf "$R/var/tmp/labo-repo"
}

write_bom() {
	# Before any trimming: package, version, source, then licences read from
	# the machine-readable copyright files.
	# shellcheck disable=SC2016 # dpkg-query fields, not shell variables
	in_root dpkg-query -W -f='${Package}\t${Version}\t${source:Package}\t${source:Version}\t${Architecture}\t${Installed-Size}\n' >"$LABO_WORK/packages.tsv"
	local pkg f
	: >"$LABO_WORK/licenses.tsv"
	while IFS=$'\t' read -r pkg _; do
		f="$R/usr/share/doc/$pkg/copyright"
		[ -f "$f" ] || continue
		printf '%s\t%s\n' "$pkg" "$(grep -h '^License:' "$f" | sed 's/^License: *//' | sort -u | paste -sd'|')" >>"$LABO_WORK/licenses.tsv"
	done <"$LABO_WORK/packages.tsv"
}

configure_system() {
	echo "$LABO_HOSTNAME" >"$R/etc/hostname"
	printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n192.168.86.1\tdepot.labo\n' "$LABO_HOSTNAME" >"$R/etc/hosts"

	sed -i "s/^# *\(${LABO_LOCALE//./\\.} \)/\1/" "$R/etc/locale.gen"
	grep -q "^$LABO_LOCALE " "$R/etc/locale.gen" || echo "$LABO_LOCALE UTF-8" >>"$R/etc/locale.gen"
	in_root locale-gen >/dev/null
	printf 'LANG=%s\nLANGUAGE=%s\n' "$LABO_LOCALE" "${LABO_LOCALE%%.*}:fr" >"$R/etc/default/locale"

	ln -sf "/usr/share/zoneinfo/$LABO_TZ" "$R/etc/localtime"
	echo "$LABO_TZ" >"$R/etc/timezone"

	local groups=sudo,adm
	in_root getent group systemd-journal >/dev/null && groups="$groups,systemd-journal"
	in_root useradd -m -s /bin/bash -G "$groups" "$LABO_USER"
	echo "$LABO_USER:$LABO_USER" | in_root chpasswd
	# !use_pty: with Debian's default use_pty, a line the learner types while a
	# sudo command runs is read by sudo's relay and lost (seen in Chromium:
	# `pveam update` then a typed-ahead `echo` that never ran). use_pty guards
	# a root shell against keys injected by the command it runs; a lab machine
	# has nothing to guard, and the emulator is slow enough that learners type ahead.
	printf 'Defaults:%s !use_pty\n%s ALL=(ALL) NOPASSWD:ALL\n' "$LABO_USER" "$LABO_USER" >"$R/etc/sudoers.d/labo"
	chmod 440 "$R/etc/sudoers.d/labo"
	touch "$R/home/$LABO_USER/.hushlogin"
	chown 1000:1000 "$R/home/$LABO_USER/.hushlogin"

	cp -a "$HERE/overlay/." "$R/"
	sed -i "s/@USER@/$LABO_USER/g" "$R/etc/systemd/system/labo-console.service"

	if [ "$LABO_INIT" = sysvinit ]; then
		configure_sysvinit
	else
		configure_systemd
	fi

	# apt: only the site's repository (see scripts/image/aptrepo.ts).
	rm -f "$R/etc/apt/sources.list.d/"* "$R/etc/apt/sources.list"
	echo "deb [trusted=yes] http://depot.labo/apt $LABO_SUITE main" >"$R/etc/apt/sources.list"
}

configure_systemd() {
	# The guest has no disk: logs stay in RAM, periodic jobs that would only
	# burn emulated CPU are off.
	in_root systemctl enable labo-agent.service labo-console.service labo-net.service >/dev/null 2>&1
	for unit in apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer \
		dpkg-db-backup.timer systemd-networkd-wait-online.service systemd-tmpfiles-clean.timer \
		modprobe@.service systemd-random-seed.service systemd-pstore.service serial-getty@ttyS0.service; do
		in_root systemctl mask "$unit" >/dev/null 2>&1 || true
	done
	# Installed for the labs, started by the learner (a lab's setup at most).
	for unit in ssh.service nftables.service rsync.service lvm2-monitor.service blk-availability.service; do
		in_root systemctl disable "$unit" >/dev/null 2>&1 || true
	done
}

configure_sysvinit() {
	# Lighter init, measured against systemd (see bench/results/vm.md).
	rm -f "$R"/etc/systemd/system/labo-*.service
	sed -i '/^[0-9]:[0-9]*:respawn:\/sbin\/getty/d' "$R/etc/inittab"
	cat >>"$R/etc/inittab" <<TAB
net:2345:once:/usr/local/sbin/labo-net
T0:2345:respawn:/sbin/agetty --autologin $LABO_USER --noclear --noissue -8 -L ttyS0 115200 xterm-256color
A1:2345:respawn:/usr/local/sbin/labo-agent /dev/ttyS1
TAB
	local service
	for service in ssh nftables rsync; do
		[ -e "$R/etc/init.d/$service" ] && in_root update-rc.d "$service" disable >/dev/null 2>&1
	done
	return 0
}

configure_lvm() {
	# No udev in the guest: LVM makes its /dev nodes itself instead of waiting
	# for udev, and no daemon monitors volumes (as in a container).
	local conf="$R/etc/lvm/lvm.conf" setting
	[ -f "$conf" ] || return 0
	for setting in udev_sync udev_rules monitoring; do
		sed -i "s/^\t# $setting = 1\$/\t$setting = 0/" "$conf"
		grep -q "^	$setting = 0\$" "$conf" || { echo "lvm.conf : réglage $setting introuvable" >&2; exit 1; }
	done
}

configure_nano() {
	# Debian includes every syntax file (44): nano compiles all their regexes
	# at each start, seconds in the emulator. Keep those the labs edit.
	local f lines=
	for f in sh nanorc nftables html css javascript json yaml python default; do
		[ -f "$R/usr/share/nano/$f.nanorc" ] && lines+="include \"/usr/share/nano/$f.nanorc\"\n"
	done
	sed -i "s|^include \"/usr/share/nano/\*\.nanorc\"|# Coloration limitée aux langages des labos (démarrage plus rapide) :\n$lines|" "$R/etc/nanorc"
}

configure_man_db() {
	# man-db reindexes every manual page after each apt install (a trigger),
	# a minute in the emulator. Without this flag the trigger does nothing:
	# `man -k` still knows the image's pages, not those of packages added later.
	rm -f "$R/var/lib/man-db/auto-update"
}

format_cat_pages() {
	local page lang
	for lang in "$LABO_LOCALE" C.UTF-8; do
		for page in $LABO_CATPAGES; do
			chroot "$R" env -i PATH=/usr/bin:/bin LANG="$lang" MANWIDTH=80 man "$page" >/dev/null 2>&1 || true
		done
	done
	chown -R 6:12 "$R/var/cache/man" # man:man, as man-db expects
}

trim() {
	rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/var/cache/debconf/*-old \
		"$R"/var/log/*.log "$R"/var/log/apt/* "$R"/usr/share/info "$R"/usr/share/lintian \
		"$R"/usr/share/i18n/charmaps "$R"/usr/share/i18n/locales "${R:?}"/boot
	# Man page translations other than the kept languages (English stays).
	local d
	for d in "$R"/usr/share/man/* "$R"/var/cache/man/*; do
		case "${d##*/}" in man? | cat? | index.db | CACHEDIR.TAG) continue ;; esac
		case " $LABO_KEEP_LANGS " in *" ${d##*/} "*) continue ;; esac
		rm -rf "$d"
	done
}

has_lxc() { [ -x "$R/usr/bin/lxc-start" ]; }

build_ct_template() {
	# The containers' template for the Proxmox labs: Debian's busybox-static
	# and Debian 12's base files, a few hundred kilobytes, so that `pct create`
	# unpacks it in about a second in the emulator (a Debian minbase would be
	# 150 MB). Proxmox names templates <os>-<version>-<flavour>_<release>_<arch>.
	# The lab's template catalogue (pveam available); local starts empty, as
	# on a fresh Proxmox host.
	local t="$LABO_WORK/ct-template" out="$R/usr/share/labo-pve/store"
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
	tar --numeric-owner --owner=0 --group=0 -C "$t" -czf "$out/debian-12-labo_12.0-1_i386.tar.gz" .
	# The same files uncompressed, owned by 100000 as in an unprivileged
	# container (Proxmox VE 9's default): pct unpacks this copy when the
	# template is the catalogue's, without gzip and without a chown pass; BusyBox
	# (2 MB, 0.6 s to write over 9p) stays beside it, in <name>.shared/, and each
	# container's /bin/busybox is a hard link to it (pct's shifted_template and
	# unpack; figures in bench/results/proxmox-lab.md).
	local shifted="$R/usr/share/labo-pve/unprivileged" name=debian-12-labo_12.0-1_i386
	mkdir -p "$shifted/$name.shared/bin"
	cp -p "$t/bin/busybox" "$shifted/$name.shared/bin/busybox"
	chown -R 100000:100000 "$shifted/$name.shared"
	tar --numeric-owner --owner=100000 --group=100000 -C "$t" --exclude=./bin/busybox -cf "$shifted/$name.tar" .
	rm -rf "$t"
}

configure_proxmox() {
	# Image « proxmox »: Debian's lxc under the lab's pct, pveam, pvesm and
	# vzdump (overlay-proxmox/, teaching stand-ins for Proxmox VE's tools).
	# Its variant names the overlay; no other image hashes or copies it.
	[ "${LABO_OVERLAY:-}" = overlay-proxmox ] || return 0
	has_lxc || {
		echo "overlay-proxmox demande le paquet lxc dans la variante de la recette" >&2
		exit 1
	}
	cp -a "$HERE/overlay-proxmox/." "$R/"
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

fetch_side_debs
fetch_repo_debs
write_bom
configure_system
configure_nano
configure_lvm
configure_man_db
configure_proxmox
format_cat_pages
trim
