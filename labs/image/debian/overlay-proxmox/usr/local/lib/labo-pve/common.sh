# shellcheck shell=bash
# Shared by the Proxmox lab's pct, pveam, pvesm and vzdump: TEACHING STAND-INS
# written for this lab, on top of Debian's real LXC. They accept Proxmox VE 9's
# syntax for the subset they implement (pve-container's schema: option names,
# property strings, units, defaults) and refuse everything else in French,
# naming what a real Proxmox host would do.
#
# Speed: the emulator runs 20–50× slower than a PC and every exec costs about
# 0.1 s, so parsing and config handling stay in bash builtins.

# Where things are, as on a Proxmox host: /etc/pve/lxc/<vmid>.conf, the container's
# root at /var/lib/lxc/<vmid>/rootfs (a directory, or its volume mounted there) and
# /run/pve/ct-<vmid>.pid. Written out where used: a $(helper) would fork bash each time.
# shellcheck disable=SC2034 # read by the tools that source this file
readonly PVE_ETC=/etc/pve PVE_LXC_CONF=/etc/pve/lxc LXC_PATH=/var/lib/lxc
# Unprivileged containers: ids 0–65535 inside are 100000–165535 outside, as on Proxmox.
# shellcheck disable=SC2034
readonly PVE_IDMAP_BASE=100000
# The lab's template catalogue (pveam), and beside it each template uncompressed
# with its files already owned by 100000, made with it when the image is built.
# shellcheck disable=SC2034
readonly PVE_CATALOGUE=/usr/share/labo-pve/store PVE_SHIFTED=/usr/share/labo-pve/unprivileged

# Error on stderr and exit 255, the status of a failed Proxmox CLI command.
die() {
	printf '%s\n' "$*" >&2
	exit 255
}

# Message for what the lab does not implement: what a real host would do.
unsupported() {
	die "Non pris en charge dans le labo : $1"
}

# The tools act as root, like on a Proxmox host's shell; the learner is « eleve ».
need_root() {
	((EUID == 0)) && return 0
	exec sudo -n -- "$0" "$@"
}

# In a cluster, /etc/pve turns read-only on a node without quorum: guests can no
# longer be created, started or changed there. Free outside the cluster lab
# (no corosync.conf); otherwise one corosync-quorumtool, which exits 0 when quorate.
need_quorum() {
	[ -f "$PVE_ETC/corosync.conf" ] || return 0
	corosync-quorumtool -s >/dev/null 2>&1 && return 0
	die "cluster not ready - no quorum? (500)
Ce nœud n’a pas le quorum : /etc/pve est en lecture seule, rien ne peut y être créé, démarré ni modifié.
pvecm status montre les votes présents ; les invités qui tournent déjà continuent."
}

# A container id as Proxmox accepts it: 100 to 999999999.
check_vmid() {
	[[ $1 =~ ^[1-9][0-9]{2,8}$ ]] || die "vmid « $1 » invalide : un nombre entier de 100 à 999999999 est attendu."
}

require_ct() {
	check_vmid "$1"
	[ -f "$PVE_LXC_CONF/$1.conf" ] || die "Le fichier de configuration « $PVE_LXC_CONF/$1.conf » n’existe pas : aucun conteneur $1 sur ce nœud (pct list les montre)."
}

# Running when the init process lxc-start wrote down is alive: no exec (lxc-info costs ~0.3 s here).
is_running() {
	local pid=''
	[ -f "/run/pve/ct-$1.pid" ] && read -r pid <"/run/pve/ct-$1.pid"
	[ -n "$pid" ] && [ -d "/proc/$pid" ]
}

# CONF holds the current config ("key" → value) of one container; SNAP_SECTIONS
# keeps the snapshot sections ([name] …) verbatim, after the current config.
declare -gA CONF=()
declare -g CONF_DESC='' SNAP_SECTIONS=''

load_conf() {
	CONF=()
	CONF_DESC=''
	SNAP_SECTIONS=''
	local line in_snap=0
	while IFS= read -r line || [ -n "$line" ]; do
		if ((in_snap)) || [[ $line == '['*']' ]]; then
			in_snap=1
			SNAP_SECTIONS+="$line"$'\n'
		elif [[ $line == '#'* ]]; then
			CONF_DESC+="${line#\#}"$'\n'
		elif [[ $line =~ ^([a-z0-9_-]+):\ ?(.*)$ ]]; then
			CONF[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
		fi
	done <"$PVE_LXC_CONF/$1.conf"
}

# $1 (an array's name) := the other arguments in byte order. An insertion sort:
# a few dozen words at most, cheaper here than starting sort(1) (~0.1 s per exec).
sort_words() { # array-name words…
	local -n sorted_=$1
	local word_ i_
	shift
	sorted_=()
	for word_ in "$@"; do
		i_=${#sorted_[@]}
		while ((i_ > 0)) && [[ ${sorted_[i_ - 1]} > $word_ ]]; do
			sorted_[i_]=${sorted_[i_ - 1]}
			i_=$((i_ - 1))
		done
		sorted_[i_]=$word_
	done
}

# CONF's keys in byte order, into SORTED_KEYS.
declare -ga SORTED_KEYS=()
sort_conf_keys() { sort_words SORTED_KEYS "${!CONF[@]}"; }

# Written as Proxmox writes it: description as # comments, then keys sorted.
# --keys-unchanged: CONF only lost keys since the last save, whose order still
# holds (the sort is the costliest part of a save in the emulator).
save_conf() { # vmid [--keys-unchanged]
	local key
	[ "${2:-}" = --keys-unchanged ] || sort_conf_keys
	{
		if [ -n "$CONF_DESC" ]; then
			while IFS= read -r key; do printf '#%s\n' "$key"; done <<<"${CONF_DESC%$'\n'}"
		fi
		for key in "${SORTED_KEYS[@]}"; do
			[ -z "${CONF[$key]+set}" ] || printf '%s: %s\n' "$key" "${CONF[$key]}"
		done
		if [ -n "$SNAP_SECTIONS" ]; then printf '\n%s' "$SNAP_SECTIONS"; fi
	} >"$PVE_LXC_CONF/$1.conf"
}

# Parses a property string "k=v,k=v" into the associative array PROP;
# a value without key belongs to $2 (the format's default key).
declare -gA PROP=()
parse_props() {
	local text=$1 default_key=${2:-} part
	PROP=()
	local IFS=,
	for part in $text; do
		if [[ $part == *=* ]]; then
			PROP[${part%%=*}]=${part#*=}
		elif [ -n "$default_key" ] && [ -z "${PROP[$default_key]:-}" ]; then
			PROP[$default_key]=$part
		else
			die "« $part » : élément sans clé dans « $text » (attendu : clé=valeur séparés par des virgules)."
		fi
	done
}

# PROP written back into PROPS_OUT: $1 (the first key, if set) then the others
# in byte order, as Proxmox does. $2…: the format's keys already in that order;
# when PROP holds only those, no sorting (bash's hash order is often the
# reverse, the insertion sort's worst case).
declare -g PROPS_OUT=''
print_props() { # first [known keys, sorted]
	local first=$1 key
	local -a keys=()
	shift
	for key in "$@"; do
		[ -z "${PROP[$key]+set}" ] || [ "$key" = "$first" ] || keys+=("$key")
	done
	if ((${#keys[@]} + ${PROP[$first]+1} + 0 != ${#PROP[@]})); then
		local -a others=()
		for key in "${!PROP[@]}"; do [ "$key" = "$first" ] || others+=("$key"); done
		sort_words keys "${others[@]}"
	fi
	PROPS_OUT=''
	[ -z "${PROP[$first]:-}" ] || PROPS_OUT="$first=${PROP[$first]}"
	for key in "${keys[@]}"; do PROPS_OUT+="${PROPS_OUT:+,}$key=${PROP[$key]}"; done
}

check_bool() { # name value
	[[ $2 == 0 || $2 == 1 ]] || die "$1 : valeur « $2 » invalide (booléen attendu : 0 ou 1)."
}

check_int() { # name value min [max]
	[[ $2 =~ ^[0-9]+$ ]] || die "$1 : valeur « $2 » invalide (nombre entier attendu)."
	(($2 >= $3)) || die "$1 : la valeur doit être au moins $3 (reçu : $2)."
	[ -z "${4:-}" ] || (($2 <= $4)) || die "$1 : la valeur doit être au plus $4 (reçu : $2)."
}

check_ipv4() { # name value
	local IFS=. a b c d
	[[ $2 =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "$1 : « $2 » n’est pas une adresse IPv4."
	read -r a b c d <<<"$2"
	((a < 256 && b < 256 && c < 256 && d < 256)) || die "$1 : « $2 » n’est pas une adresse IPv4."
}

# Storage.cfg: STORAGE_TYPE[id], STORAGE_PATH[id], STORAGE_CONTENT[id], STORAGE_VG[id], STORAGE_POOL[id].
declare -gA STORAGE_TYPE=() STORAGE_PATH=() STORAGE_CONTENT=() STORAGE_VG=() STORAGE_POOL=() STORAGE_DISABLE=()
declare -ga STORAGE_IDS=()
load_storage() {
	local line id='' key value
	STORAGE_IDS=()
	while IFS= read -r line || [ -n "$line" ]; do
		if [[ $line =~ ^([a-z0-9]+):[[:space:]]+([A-Za-z][A-Za-z0-9_.-]*)[[:space:]]*$ ]]; then
			id=${BASH_REMATCH[2]}
			STORAGE_IDS+=("$id")
			STORAGE_TYPE[$id]=${BASH_REMATCH[1]}
		elif [ -n "$id" ] && [[ $line =~ ^[[:space:]]+([a-z-]+)[[:space:]]*(.*)$ ]]; then
			key=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
			case $key in
			path) STORAGE_PATH[$id]=$value ;;
			content) STORAGE_CONTENT[$id]=$value ;;
			vgname) STORAGE_VG[$id]=$value ;;
			thinpool) STORAGE_POOL[$id]=$value ;;
			disable) STORAGE_DISABLE[$id]=1 ;;
			esac
		fi
	done <"$PVE_ETC/storage.cfg"
}

require_storage() { # id content
	[ -n "${STORAGE_TYPE[$1]:-}" ] || die "Le stockage « $1 » n’existe pas (pvesm status liste ceux de /etc/pve/storage.cfg)."
	[ -z "$2" ] || [[ ,${STORAGE_CONTENT[$1]:-}, == *,$2,* ]] ||
		die "Le stockage « $1 » n’accepte pas le contenu « $2 » (contenu : ${STORAGE_CONTENT[$1]:-aucun}) ; sur un vrai hôte : pvesm set $1 --content …,$2."
}

# Path of a volume "storage:vztmpl/name" or "storage:backup/name" on a directory storage.
volume_path() {
	local volid=$1 sid name
	sid=${volid%%:*}
	name=${volid#*:}
	[[ $volid == *:* ]] || { printf '%s' "$volid"; return 0; }
	require_storage "$sid" ''
	[ "${STORAGE_TYPE[$sid]}" = dir ] || die "« $volid » : seuls les stockages de type dir contiennent des modèles et des sauvegardes dans le labo."
	case $name in
	vztmpl/*) printf '%s/template/cache/%s' "${STORAGE_PATH[$sid]}" "${name#vztmpl/}" ;;
	backup/*) printf '%s/dump/%s' "${STORAGE_PATH[$sid]}" "${name#backup/}" ;;
	iso/*) printf '%s/template/iso/%s' "${STORAGE_PATH[$sid]}" "${name#iso/}" ;;
	*) die "« $volid » : volume inconnu (attendu : $sid:vztmpl/…, $sid:backup/… ou $sid:iso/…)." ;;
	esac
}

# GIB_OUT := a size as Proxmox writes it (4G, 512M) from a number of GiB (decimals allowed).
declare -g GIB_OUT=''
human_gib() {
	local g=$1
	if [[ $g =~ ^[0-9]+$ ]]; then GIB_OUT=${g}G; else GIB_OUT=$(awk -v g="$g" 'BEGIN { printf "%d", g * 1024 }')M; fi
}

# --- container root volumes -------------------------------------------------------
# On a dir storage the root is a directory, /var/lib/lxc/<vmid>/rootfs; on an
# lvmthin storage it is a thin volume formatted ext4, mounted there while the
# container runs or a tool works on it (as Proxmox mounts it).

# ROOTFS_LV: /dev/<vg>/<lv> of a container whose root is on lvmthin, empty otherwise
# (reads CONF). A variable, not printed: $(rootfs_lv) would fork and lose load_storage.
declare -g ROOTFS_LV=''
rootfs_lv() {
	local volume=${CONF[rootfs]%%,*} sid
	sid=${volume%%:*}
	ROOTFS_LV=''
	[ "${#STORAGE_IDS[@]}" -gt 0 ] || load_storage
	[ "${STORAGE_TYPE[$sid]:-}" = lvmthin ] || return 0
	ROOTFS_LV=/dev/${STORAGE_VG[$sid]}/${volume#*:}
}

mount_rootfs() { # vmid (CONF loaded)
	local lv dir=$LXC_PATH/$1/rootfs
	rootfs_lv
	lv=$ROOTFS_LV
	[ -n "$lv" ] || return 0
	mkdir -p "$dir"
	mountpoint -q "$dir" && return 0
	[ -e "$lv" ] || lvchange -q -ay -K "$lv" >/dev/null
	mount -t ext4 "$lv" "$dir"
}

umount_rootfs() { # vmid (CONF loaded)
	local lv dir=$LXC_PATH/$1/rootfs
	rootfs_lv
	lv=$ROOTFS_LV
	[ -n "$lv" ] || return 0
	if mountpoint -q "$dir"; then umount "$dir"; fi
}
