# shellcheck shell=bash
# pct snapshot, listsnapshot, rollback and delsnapshot, read by the lab's pct
# (a TEACHING STAND-IN, see /usr/local/sbin/pct) only for these commands.
# Runs inside pct's main, where its OPT, ARGS, CONF, SNAP_SECTIONS and helpers
# are in scope: checked on its own, this file cannot show where they come from.
# shellcheck disable=SC2154,SC2034,SC2004

# Snapshot sections of the config: SNAP_NAMES in file order, SNAP_BODY[name]
# (its "key: value" lines), SNAP_PARENT[name], SNAP_TIME[name].
declare -ga SNAP_NAMES=()
declare -gA SNAP_BODY=() SNAP_PARENT=() SNAP_TIME=()
split_snapshots() {
	local line name=''
	SNAP_NAMES=() SNAP_BODY=() SNAP_PARENT=() SNAP_TIME=()
	while IFS= read -r line; do
		if [[ $line =~ ^\[([A-Za-z][A-Za-z0-9_-]*)\]$ ]]; then
			name=${BASH_REMATCH[1]}
			SNAP_NAMES+=("$name")
			SNAP_BODY[$name]=''
		elif [ -n "$name" ] && [[ $line =~ ^([a-z0-9_-]+):\ ?(.*)$ ]]; then
			case ${BASH_REMATCH[1]} in
			parent) SNAP_PARENT[$name]=${BASH_REMATCH[2]} ;;
			snaptime) SNAP_TIME[$name]=${BASH_REMATCH[2]} ;;
			*) SNAP_BODY[$name]+="$line"$'\n' ;;
			esac
		fi
	done <<<"$SNAP_SECTIONS"
}

join_snapshots() {
	local name text=''
	for name in "${SNAP_NAMES[@]}"; do
		text+="[$name]"$'\n'
		[ -z "${SNAP_PARENT[$name]:-}" ] || text+="parent: ${SNAP_PARENT[$name]}"$'\n'
		text+="${SNAP_BODY[$name]}snaptime: ${SNAP_TIME[$name]}"$'\n\n'
	done
	SNAP_SECTIONS=${text%$'\n'}
}

snap_lv() { printf '%s/snap_%s_%s' "${1%/*}" "${1##*/}" "$2"; } # lv name

# Snapshots need a storage that has them: in this lab, lvmthin (as on Proxmox: LVM-thin, ZFS,
# Ceph, BTRFS). Leaves ROOTFS_LV set to the container's volume.
require_snapshot_storage() {
	rootfs_lv
	[ -n "$ROOTFS_LV" ] && return 0
	die "snapshot feature is not available : le disque de CT $1 (${CONF[rootfs]%%,*}) est sur un stockage de type dir, qui n’a pas d’instantanés ; crée le conteneur sur un stockage lvmthin (--rootfs local-lvm:1), comme sur un vrai hôte (LVM-thin, ZFS ou Ceph), ou fais une sauvegarde avec vzdump."
}

# For rollback and delsnapshot: CT $1's config and snapshot sections loaded,
# snapshot $2 known to exist, ROOTFS_LV set.
load_snapshot() { # vmid name
	require_ct "$1"
	load_conf "$1"
	require_snapshot_storage "$1"
	split_snapshots
	[ -n "${SNAP_BODY[$2]+x}" ] || die "L’instantané « $2 » n’existe pas (pct listsnapshot $1)."
}

cmd_snapshot() {
	only_options description
	need_args 2 "<vmid> <nom>"
	local vmid=${ARGS[0]} name=${ARGS[1]} lv key body='' running=0
	require_ct "$vmid"
	load_conf "$vmid"
	require_snapshot_storage "$vmid"
	[[ $name =~ ^[A-Za-z][A-Za-z0-9_-]{1,39}$ ]] || die "« $name » : nom d’instantané invalide (une lettre, puis lettres, chiffres, - et _, 40 caractères au plus)."
	[ "$name" != current ] || die "« current » désigne l’état actuel : choisis un autre nom."
	split_snapshots
	[ -z "${SNAP_BODY[$name]+x}" ] || die "L’instantané « $name » existe déjà (pct listsnapshot $vmid)."
	lv=$ROOTFS_LV
	is_running "$vmid" && running=1
	# Frozen for the instant of the snapshot, so that the file system is consistent.
	if ((running)); then lxc-freeze -n "$vmid" && sync; fi
	lvcreate -q -s -n "$(basename "$(snap_lv "$lv" "$name")")" "${lv#/dev/}" >/dev/null || { ((running)) && lxc-unfreeze -n "$vmid"; die "lvcreate du instantané a échoué (lvs)."; }
	if ((running)); then lxc-unfreeze -n "$vmid"; fi
	sort_conf_keys
	for key in "${SORTED_KEYS[@]}"; do
		[ "$key" = parent ] || body+="$key: ${CONF[$key]}"$'\n'
	done
	[ -z "${OPT[description]:-}" ] || body+="description: ${OPT[description]}"$'\n'
	SNAP_NAMES+=("$name")
	SNAP_BODY[$name]=$body
	SNAP_PARENT[$name]=${CONF[parent]:-}
	SNAP_TIME[$name]=$(date +%s)
	join_snapshots
	CONF[parent]=$name
	save_conf "$vmid"
}

cmd_listsnapshot() {
	only_options
	need_args 1 "<vmid>"
	require_ct "${ARGS[0]}"
	load_conf "${ARGS[0]}"
	split_snapshots
	local chain=() name=${CONF[parent]:-} indent='' i desc
	while [ -n "$name" ]; do
		chain=("$name" "${chain[@]}")
		name=${SNAP_PARENT[$name]:-}
	done
	for name in "${chain[@]}"; do
		desc=$(sed -n 's/^description: //p' <<<"${SNAP_BODY[$name]}")
		printf '%s`-> %-20s %s     %s\n' "$indent" "$name" "$(date -d "@${SNAP_TIME[$name]}" '+%Y-%m-%d %H:%M:%S')" "${desc:-no-description}"
		indent+='  '
	done
	printf '%s`-> %-20s %19s     %s\n' "$indent" current '' 'You are here!'
	for i in "${SNAP_NAMES[@]}"; do
		[[ " ${chain[*]} " == *" $i "* ]] || printf '`-> %-20s %s     (autre branche)\n' "$i" "$(date -d "@${SNAP_TIME[$i]}" '+%Y-%m-%d %H:%M:%S')"
	done
}

cmd_rollback() {
	only_options start
	need_args 2 "<vmid> <nom>"
	local vmid=${ARGS[0]} name=${ARGS[1]} lv line
	load_snapshot "$vmid" "$name"
	lv=$ROOTFS_LV
	# The container stops: its disk is replaced under it.
	if is_running "$vmid"; then stop_ct "$vmid" 0; fi
	load_conf "$vmid"
	umount_rootfs "$vmid"
	lvremove -q -f "$lv" >/dev/null
	lvcreate -q -s -n "${lv##*/}" "$(snap_lv "${lv#/dev/}" "$name")" >/dev/null
	lvchange -q -ay -K "$lv" >/dev/null
	local saved=$SNAP_SECTIONS
	CONF=()
	while IFS= read -r line; do
		[[ $line =~ ^([a-z0-9_-]+):\ ?(.*)$ ]] && [ "${BASH_REMATCH[1]}" != description ] && CONF[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
	done <<<"${SNAP_BODY[$name]}"
	CONF[parent]=$name
	SNAP_SECTIONS=$saved
	save_conf "$vmid"
	if [ "${OPT[start]:-0}" = 1 ]; then start_ct "$vmid"; fi
}

cmd_delsnapshot() {
	only_options force
	need_args 2 "<vmid> <nom>"
	local vmid=${ARGS[0]} name=${ARGS[1]} lv other
	load_snapshot "$vmid" "$name"
	lv=$ROOTFS_LV
	lvremove -q -f "$(snap_lv "$lv" "$name")" >/dev/null
	# Its children now hang from its parent, as in Proxmox's tree.
	for other in "${SNAP_NAMES[@]}"; do
		[ "${SNAP_PARENT[$other]:-}" != "$name" ] || SNAP_PARENT[$other]=${SNAP_PARENT[$name]:-}
	done
	if [ "${CONF[parent]:-}" = "$name" ]; then
		if [ -n "${SNAP_PARENT[$name]:-}" ]; then CONF[parent]=${SNAP_PARENT[$name]}; else unset 'CONF[parent]'; fi
	fi
	local kept=()
	for other in "${SNAP_NAMES[@]}"; do [ "$other" = "$name" ] || kept+=("$other"); done
	SNAP_NAMES=("${kept[@]}")
	join_snapshots
	save_conf "$vmid"
}
