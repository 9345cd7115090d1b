# shellcheck shell=bash
# DOUBLURE (banc d'essai) : fonctions communes des doublures pct, pveam, pvesm,
# vzdump, pvecm et pvesh de tests/host/doublures/. Proxmox VE ne peut pas être
# installé ici ; ce qui est réel SOUS ces doublures : les conteneurs LXC de
# Debian (lxc 6, systemd dedans, non privilégiés avec décalage d'uid), les
# fichiers /etc/pve/lxc/<id>.conf et /etc/pve/storage.cfg au format de Proxmox,
# les archives tar.zst de vzdump, les dossiers des stockages et leur place libre.
# Syntaxe et messages d'après les pages de manuel pct(1), pvesm(1), vzdump(1),
# pveam(1), pvecm(1), pvesh(1) de Proxmox VE 9.

# Index des modèles (celui de « pveam update ») et dossier d'où « pveam download » les tire.
# shellcheck disable=SC2034 # constantes lues par les doublures qui incluent ce fichier
readonly PVE_ETC=/etc/pve PVE_LXC=/etc/pve/lxc PVE_STOCKAGES=/etc/pve/storage.cfg PVE_TACHES=/etc/pve/jobs.cfg \
	LXC_CHEMIN=/var/lib/lxc PVE_INDEX_MODELES=/srv/banc/modeles/aplinfo PVE_SOURCE_MODELES=/srv/banc/modeles
# Décalage d'uid des conteneurs non privilégiés, comme Proxmox (root:100000:65536).
readonly PVE_DECALAGE=100000
PVE_NOEUD=$(hostname)
readonly PVE_NOEUD

pve_mourir() {
	printf '%s\n' "$*" >&2
	exit 255
}

# ---------- configuration d'un conteneur (/etc/pve/lxc/<id>.conf) ----------

pve_conf() { printf '%s/%s.conf' "$PVE_LXC" "$1"; }

pve_exiger_ct() {
	[[ $1 =~ ^[1-9][0-9]{2,8}$ ]] || pve_mourir "400 Parameter verification failed.
vmid: invalid format - value does not look like a valid VM ID"
	[[ -f $(pve_conf "$1") ]] || {
		printf "Configuration file 'nodes/%s/lxc/%s.conf' does not exist\n" "$PVE_NOEUD" "$1" >&2
		exit 2
	}
}

# Valeur d'une clé de la configuration courante (avant toute section [instantané]).
pve_conf_lire() {
	awk -v cle="$2" '/^\[/ { exit } index($0, cle ": ") == 1 { print substr($0, length(cle) + 3); exit }' "$(pve_conf "$1")"
}

pve_conf_ecrire() {
	local f tmp
	f=$(pve_conf "$1")
	tmp=$(mktemp "${f}.XXXXXX")
	awk -v cle="$2" -v val="$3" '
		BEGIN { fait = 0 }
		/^\[/ && !fait { if (val != "") print cle ": " val; fait = 1 }
		index($0, cle ": ") == 1 && !fait { if (val != "") print cle ": " val; fait = 1; next }
		{ print }
		END { if (!fait && val != "") print cle ": " val }
	' "$f" >"$tmp"
	sort -o "$tmp" "$tmp"
	mv -f "$tmp" "$f"
}

pve_verrou() {
	local verrou
	verrou=$(pve_conf_lire "$1" lock)
	[[ -z $verrou ]] || pve_mourir "CT is locked (${verrou})"
}

pve_en_marche() { [[ $(lxc-info -n "$1" -sH 2>/dev/null) == RUNNING ]]; }

# Une option « clé=valeur » d'une chaîne « a=1,b=2 » (net0, rootfs, features).
pve_option() { tr ',' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print substr($0, length(k) + 2); exit }'; }

# ---------- stockages (/etc/pve/storage.cfg) ----------

# Type d'un stockage, ou rien s'il n'existe pas.
pve_stockage_type() { awk -v id="$1" '/^[a-z]+: / { sub(/:$/, "", $1); if ($2 == id) { print $1; exit } }' "$PVE_STOCKAGES"; }

pve_stockage_opt() {
	awk -v id="$1" -v k="$2" '
		/^[a-z]+: / { dedans = ($2 == id); next }
		dedans && $1 == k { $1 = ""; sub(/^ /, ""); print; exit }
	' "$PVE_STOCKAGES"
}

pve_exiger_stockage() {
	[[ -n $(pve_stockage_type "$1") ]] || pve_mourir "storage '$1' does not exist"
	[[ $(pve_stockage_opt "$1" disable) != 1 ]] || pve_mourir "storage '$1' is disabled"
	local chemin
	chemin=$(pve_stockage_opt "$1" path)
	# « is_mountpoint » : un disque débranché rend le stockage hors ligne (comportement de Proxmox).
	if [[ $(pve_stockage_opt "$1" is_mountpoint) =~ ^(1|yes)$ ]] && ! mountpoint -q "$chemin"; then
		pve_mourir "unable to activate storage '$1' - directory is expected to be a mount point but is not mounted: '${chemin}'"
	fi
}

pve_stockage_contenu() {
	local c
	c=$(pve_stockage_opt "$1" content)
	[[ ,$c, == *,"$2",* ]]
}

pve_stockage_chemin() {
	[[ $(pve_stockage_type "$1") == dir ]] || pve_mourir "storage '$1' : seuls les stockages « dir » existent sur le banc d'essai"
	pve_stockage_opt "$1" path
}

# Chemin d'un volume « stockage:type/nom » (modèle ou sauvegarde) ou d'un chemin absolu.
pve_volume_chemin() {
	local vol=$1 st reste
	if [[ $vol == /* ]]; then
		printf '%s' "$vol"
		return
	fi
	st=${vol%%:*}
	reste=${vol#*:}
	pve_exiger_stockage "$st"
	case $reste in
	vztmpl/*) printf '%s/template/cache/%s' "$(pve_stockage_chemin "$st")" "${reste#vztmpl/}" ;;
	backup/*) printf '%s/dump/%s' "$(pve_stockage_chemin "$st")" "${reste#backup/}" ;;
	*) printf '%s/images/%s' "$(pve_stockage_chemin "$st")" "$reste" ;;
	esac
}

# ---------- racine d'un conteneur ----------

pve_racine() {
	local rootfs st vol
	rootfs=$(pve_conf_lire "$1" rootfs)
	st=${rootfs%%:*}
	vol=${rootfs#*:}
	vol=${vol%%,*}
	printf '%s/images/%s' "$(pve_stockage_chemin "$st")" "$vol"
}

pve_non_privilegie() { [[ $(pve_conf_lire "$1" unprivileged) == 1 ]]; }

# Lance une commande dans l'espace de noms d'utilisateurs du conteneur (uid décalés), ou telle quelle.
pve_comme_ct() {
	local id=$1
	shift
	if pve_non_privilegie "$id"; then
		lxc-usernsexec -m "b:0:${PVE_DECALAGE}:65536" -- "$@"
	else
		"$@"
	fi
}

# Extrait une archive (tar, zstd ou non) dans la racine du conteneur, /dev exclu comme le fait Proxmox.
pve_extraire() {
	local id=$1 archive=$2 racine
	racine=$(pve_racine "$id")
	install -d -m 0755 "$racine"
	pve_non_privilegie "$id" && chown "${PVE_DECALAGE}:${PVE_DECALAGE}" "$racine"
	printf "extracting archive '%s'\n" "$archive"
	zstd -dcf "$archive" | pve_comme_ct "$id" tar -xpf - -C "$racine" --numeric-owner --exclude='./dev/*' --totals 2>&1 | grep -v '^tar: Removing' || true
	[[ -x ${racine}/sbin/init || -L ${racine}/sbin/init ]] || pve_mourir "unable to create CT ${id} - no init in the extracted archive"
}

# Fichiers que Proxmox écrit dans le conteneur à chaque démarrage (ostype debian).
pve_fichiers_systeme() {
	local id=$1 racine nom domaine net ip gw dns uid=0 tz
	racine=$(pve_racine "$id")
	pve_non_privilegie "$id" && uid=$PVE_DECALAGE
	nom=$(pve_conf_lire "$id" hostname)
	domaine=$(pve_conf_lire "$id" searchdomain)
	net=$(pve_conf_lire "$id" net0)
	ip=$(pve_option "$net" ip)
	gw=$(pve_option "$net" gw)
	dns=$(pve_conf_lire "$id" nameserver)
	tz=$(pve_conf_lire "$id" timezone)
	printf '%s\n' "$nom" >"${racine}/etc/hostname"
	{
		printf '127.0.0.1 localhost.localdomain localhost\n'
		if [[ $ip == */* ]]; then
			printf '%s %s%s %s\n' "${ip%/*}" "$nom" "${domaine:+.${domaine}}" "$nom"
		fi
		printf '::1 localhost ip6-localhost ip6-loopback\n'
	} >"${racine}/etc/hosts"
	{
		printf 'auto lo\niface lo inet loopback\n\n'
		if [[ $ip == dhcp ]]; then
			printf 'auto eth0\niface eth0 inet dhcp\n'
		elif [[ -n $ip ]]; then
			printf 'auto eth0\niface eth0 inet static\n\taddress %s\n' "$ip"
			[[ -n $gw ]] && printf '\tgateway %s\n' "$gw"
		fi
	} >"${racine}/etc/network/interfaces"
	rm -f "${racine}/etc/resolv.conf"
	{
		[[ -n $domaine ]] && printf 'search %s\n' "$domaine"
		local d
		for d in $dns; do printf 'nameserver %s\n' "$d"; done
	} >"${racine}/etc/resolv.conf"
	if [[ -n $tz && $tz != host ]]; then
		ln -sfn "/usr/share/zoneinfo/${tz}" "${racine}/etc/localtime"
		printf '%s\n' "$tz" >"${racine}/etc/timezone"
	fi
	chown -h "${uid}:${uid}" "${racine}/etc/hostname" "${racine}/etc/hosts" "${racine}/etc/network/interfaces" "${racine}/etc/resolv.conf" "${racine}/etc/localtime" "${racine}/etc/timezone" 2>/dev/null || true
}

# Configuration LXC produite à partir de celle de Proxmox, comme le fait « pct start ».
pve_config_lxc() {
	local id=$1 dossier net pont hw tag memoire
	dossier="${LXC_CHEMIN}/${id}"
	install -d -m 0755 "$dossier"
	net=$(pve_conf_lire "$id" net0)
	pont=$(pve_option "$net" bridge)
	hw=$(pve_option "$net" hwaddr)
	tag=$(pve_option "$net" tag)
	memoire=$(pve_conf_lire "$id" memory)
	{
		printf "# Écrit par la doublure pct du banc d'essai depuis %s\n" "$(pve_conf "$id")"
		printf 'lxc.arch = amd64\nlxc.uts.name = %s\n' "$(pve_conf_lire "$id" hostname)"
		printf 'lxc.rootfs.path = dir:%s\n' "$(pve_racine "$id")"
		printf 'lxc.include = /usr/share/lxc/config/common.conf\n'
		if pve_non_privilegie "$id"; then
			printf 'lxc.include = /usr/share/lxc/config/userns.conf\n'
			printf 'lxc.idmap = u 0 %s 65536\nlxc.idmap = g 0 %s 65536\n' "$PVE_DECALAGE" "$PVE_DECALAGE"
		fi
		[[ $(pve_option "$(pve_conf_lire "$id" features)" nesting) == 1 ]] && printf 'lxc.include = /usr/share/lxc/config/nesting.conf\n'
		printf 'lxc.apparmor.profile = unconfined\n'
		[[ -n $memoire ]] && printf 'lxc.cgroup.memory.limit_in_bytes = %sM\n' "$memoire"
		if [[ -n $pont ]]; then
			printf 'lxc.net.0.type = veth\nlxc.net.0.link = %s\nlxc.net.0.name = eth0\nlxc.net.0.flags = up\n' "$pont"
			printf 'lxc.net.0.veth.pair = veth%si0\n' "$id"
			if [[ -n $hw ]]; then printf 'lxc.net.0.hwaddr = %s\n' "$hw"; fi
			if [[ -n $tag ]]; then printf 'lxc.net.0.veth.vlan.id = %s\n' "$tag"; fi
		fi
	} >"${dossier}/config"
}

pve_taille_humaine() { numfmt --to=iec --suffix=B --format='%.2f' "$1"; }
