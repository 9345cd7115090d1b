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

configure_variant() {
	# A variant's own folder (recipe: `overlay: overlay-…`) over the root, then
	# its own build step, overlay-….sh beside it, sourced here (R, HERE, in_root
	# and LABO_* are its to use). Both count in that image's hash only
	# (scripts/image/build.ts): changing them rebuilds no other image, and the
	# learners of the other paths keep their saved machines.
	[ -n "${LABO_OVERLAY:-}" ] || return 0
	cp -a "$HERE/$LABO_OVERLAY/." "$R/"
	if [ -f "$HERE/$LABO_OVERLAY.sh" ]; then
		# shellcheck source=/dev/null
		. "$HERE/$LABO_OVERLAY.sh"
	fi
}

fetch_side_debs
fetch_repo_debs
write_bom
configure_system
configure_nano
configure_lvm
configure_man_db
configure_variant
format_cat_pages
trim
