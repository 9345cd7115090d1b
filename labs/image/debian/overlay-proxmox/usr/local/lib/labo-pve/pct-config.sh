# shellcheck shell=bash
# pct list, config, set and clone, read by the lab's pct (a TEACHING STAND-IN,
# see /usr/local/sbin/pct) only for these commands: a create parses ~500 lines
# instead of ~800, 0.2 s of the first one in the emulator (bench/results/proxmox-lab.md).
# Runs inside pct's main, where its OPT, ARGS, CONF, SNAP_SECTIONS and helpers
# are in scope: checked on its own, this file cannot show where they come from.
# shellcheck disable=SC2154,SC2034,SC2004

cmd_list() {
	only_options
	need_args 0 ""
	local f vmid ids=()
	for f in "$PVE_LXC_CONF"/*.conf; do
		[ -e "$f" ] || continue
		vmid=${f##*/}
		vmid=${vmid%.conf}
		[[ $vmid =~ ^[0-9]+$ ]] || continue
		# Numeric order (the glob gives 1000 before 200), by insertion.
		local i=${#ids[@]}
		while ((i > 0 && ids[i - 1] > vmid)); do
			ids[i]=${ids[i - 1]}
			i=$((i - 1))
		done
		ids[i]=$vmid
	done
	((${#ids[@]})) || return 0
	printf '%-10s %-10s %-12s %-20s\n' VMID Status Lock Name
	for vmid in "${ids[@]}"; do
		load_conf "$vmid"
		printf '%-10s %-10s %-12s %-20s\n' "$vmid" "$(status_of "$vmid")" "${CONF[lock]:-}" "${CONF[hostname]:-CT$vmid}"
	done
}

cmd_config() {
	only_options current
	need_args 1 "<vmid>"
	require_ct "${ARGS[0]}"
	load_conf "${ARGS[0]}"
	local key
	if [ -n "$CONF_DESC" ]; then CONF[description]=${CONF_DESC%$'\n'}; fi
	sort_conf_keys
	for key in "${SORTED_KEYS[@]}"; do printf '%s: %s\n' "$key" "${CONF[$key]}"; done
}

cmd_set() {
	only_options "${!OPTIONS[@]}" delete
	need_args 1 "<vmid>"
	local vmid=${ARGS[0]} key
	require_ct "$vmid"
	for key in rootfs storage start unprivileged; do
		[ -z "${OPT[$key]:-}" ] || case $key in
		rootfs) unsupported "pct set --rootfs : sur un vrai hôte, le disque se change avec pct resize ou pct move-volume." ;;
		unprivileged) die "unprivileged ne se change pas après la création (sur un vrai hôte non plus) : sauvegarde puis pct restore --unprivileged." ;;
		*) die "--$key : option de pct create, pas de pct set." ;;
		esac
	done
	load_conf "$vmid"
	[ "${CONF[protection]:-0}" != 1 ] || [ -n "${OPT[protection]:-}" ] || die "CT $vmid est protégé (protection: 1) : pct set $vmid --protection 0 d’abord."
	apply_options
	if [ -n "${OPT[delete]:-}" ]; then
		local IFS=,
		for key in ${OPT[delete]}; do
			case $key in
			rootfs | arch | ostype | unprivileged) die "--delete $key : cette clé est obligatoire." ;;
			description) CONF_DESC='' ;;
			*) [ -n "${OPTIONS[$key]:-}" ] || die "--delete $key : clé inconnue." ;;
			esac
			unset "CONF[$key]"
		done
	fi
	save_conf "$vmid"
	# Memory and CPU apply at once on a running container, as on Proxmox.
	if is_running "$vmid"; then
		write_lxc_config "$vmid"
		[ -z "${OPT[memory]:-}" ] || lxc-cgroup -n "$vmid" memory.max $((OPT[memory] * 1024 * 1024))
		[ -z "${OPT[swap]:-}" ] || [ ! -e /sys/fs/cgroup/system.slice/memory.swap.max ] || lxc-cgroup -n "$vmid" memory.swap.max $((OPT[swap] * 1024 * 1024))
		for key in "${!OPT[@]}"; do
			case $key in net* | hostname | nameserver) echo "Modification de $key enregistrée : elle s’appliquera au prochain démarrage (pct stop $vmid puis pct start $vmid)." ;; esac
		done
	fi
}

cmd_clone() {
	only_options hostname full description
	need_args 2 "<vmid> <nouveau-vmid>"
	local src=${ARGS[0]} dst=${ARGS[1]}
	require_ct "$src"
	check_vmid "$dst"
	[ ! -f "$PVE_LXC_CONF/$dst.conf" ] || die "Le conteneur $dst existe déjà."
	load_conf "$src"
	rootfs_lv
	[ -z "$ROOTFS_LV" ] || unsupported "pct clone d’un conteneur sur lvmthin : un vrai hôte copie le volume (ou en fait un clone lié d’un modèle) ; dans le labo, le clone se fait sur le stockage local (dir)."
	if [ "${CONF[template]:-0}" != 1 ]; then
		is_running "$src" && die "CT $src est démarré : un clone complet d’un conteneur en marche demande un instantané, que le stockage dir n’a pas ; arrête-le (pct shutdown $src)."
		[ "${OPT[full]:-1}" = 1 ] || die "Un clone lié (--full 0) ne se fait qu’à partir d’un modèle (pct template $src)."
	elif [ "${OPT[full]:-0}" = 0 ]; then
		unsupported "clone lié d’un modèle : il demande un stockage avec instantanés (LVM-thin, ZFS) ; ajoute --full 1 pour une copie complète."
	fi
	[ -z "${OPT[hostname]:-}" ] || check_dns --hostname "${OPT[hostname]}"
	mkdir -p "$LXC_PATH/$dst"
	cp -a "$LXC_PATH/$src/rootfs" "$LXC_PATH/$dst/rootfs"
	unset 'CONF[template]' 'CONF[lock]'
	CONF[rootfs]=${CONF[rootfs]//$src/$dst}
	local i
	for i in 0 1 2 3; do
		[ -n "${CONF[net$i]:-}" ] || continue
		parse_props "${CONF[net$i]}" ''
		random_mac
		print_props name "${NET_KEYS[@]}"
		CONF[net$i]=$PROPS_OUT
	done
	[ -z "${OPT[hostname]:-}" ] || CONF[hostname]=${OPT[hostname]}
	[ -z "${OPT[description]:-}" ] || CONF_DESC="${OPT[description]}"$'\n'
	SNAP_SECTIONS=''
	save_conf "$dst"
	if [[ ${CONF[net0]:-} == *ip=*/* ]]; then
		echo "Attention : le clone CT $dst garde l’adresse IP de CT $src ; change-la avant de les démarrer ensemble (pct set $dst --net0 …)."
	fi
}
