#!/usr/bin/env bash
# Construit (ou réutilise) l'hôte d'essai Debian 13 et le modèle de conteneur,
# uniquement à partir des paquets Debian (mmdebstrap), jamais d'une image téléchargée.
#   CACHE/<empreinte>/rootfs/                               racine de l'hôte (LXC privilégié)
#   CACHE/<empreinte>/debian-13-standard_<ver>-1_amd64.tar.zst   modèle des conteneurs
# CACHE : le cache de la machine (~/.cache/alliance-boreale/host), partagé par les clones.
# L'empreinte couvre le contenu de ce script (pas son chemin : deux clones partagent la
# construction), le miroir et l'adresse du cache apt : rien n'est refait tant qu'ils ne changent pas. Le miroir est lu dans les sources apt de cette machine.
# Usage : bash tests/host/build.sh MIROIR PROXY_APT CACHE   (appelé par tests/host/banc.ts)
set -Eeuo pipefail

readonly MIROIR=$1
# Cache apt du banc (tests/host/apt-cache.ts) : l'hôte et ses conteneurs n'ont aucune autre sortie.
readonly PROXY=$2
readonly CACHE=$3

# systemd-binfmt est masqué dans l'hôte et le modèle : binfmt_misc n'est pas isolé pour un
# conteneur privilégié, et ce service le vide pour toute la machine (à son arrêt, ou
# en repartant de zéro), ce qui retirait l'émulation i386 dont l'image des labos a besoin.
# Ce que l'hôte doit avoir : ifupdown2, nftables, le vrai LXC, LVM-thin, systemd.
# postfix, open-iscsi et chrony sont ce qu'installe la phase Proxmox du paquet
# (« proxmox.paquets ») : présents d'avance, car proxmox-ve ne peut pas venir d'ici.
readonly PAQUETS_HOTE=systemd-sysv,dbus,iproute2,ifupdown2,nftables,lxc,uidmap,lvm2,thin-provisioning-tools,curl,ca-certificates,openssl,zstd,procps,less,postfix,open-iscsi,chrony,unattended-upgrades,rsync,xz-utils,bzip2
readonly PAQUETS_MODELE=systemd-sysv,dbus,iproute2,ifupdown,ca-certificates,tzdata,procps,less,openssh-server,apt-utils

EMPREINTE=$(printf '%s\n' "$(sha256sum <"${BASH_SOURCE[0]}")" "$MIROIR" "$PROXY" | sha256sum | cut -c1-16)
readonly EMPREINTE
readonly DEST="${CACHE}/${EMPREINTE}"

if [[ -f ${DEST}/pret ]]; then
	printf '%s\n' "$DEST"
	exit 0
fi
rm -rf "$DEST"
install -d "$DEST"
exec 3>&1 1>"${DEST}/construction.log" 2>&1

# apt passe par le cache du banc dès la construction : la seconde moitié (modèle) profite de la première.
readonly APT_PROXY_OPT="Acquire::http::Proxy \"${PROXY}\";"
# dpkg sans fsync dans l'hôte et les conteneurs (gardé dans /etc/dpkg/dpkg.cfg.d/99mmdebstrap) :
# un banc jeté après chaque exécution n'a pas à survivre à une coupure, et les paquets des cinq
# services s'installent plus vite. Un vrai hôte garde le réglage de Debian.
readonly DPKG_OPT=force-unsafe-io

# Paquets « proxmox-ve » et « proxmox-default-kernel » vides : doublures, pour que la
# phase Proxmox du plan (vérifiée par dpkg) soit « déjà en place » sur l'hôte d'essai.
doublures_deb() {
	local nom dir
	for nom in proxmox-ve proxmox-default-kernel; do
		dir=$(mktemp -d)
		install -d "${dir}/DEBIAN"
		cat >"${dir}/DEBIAN/control" <<FIN
Package: ${nom}
Version: 0.0-banc
Architecture: all
Maintainer: Alliance Boréale (banc d'essai) <banc@invalid>
Description: doublure de test pour ${nom}
 Paquet vide : les paquets Proxmox ne peuvent pas être téléchargés sur le banc.
FIN
		dpkg-deb --root-owner-group -b "$dir" "${DEST}/${nom}.deb" >/dev/null
		rm -rf "$dir"
	done
}

doublures_deb
debut=$(date +%s)
# shellcheck disable=SC2016 # mmdebstrap évalue ces crochets, « $1 » y est la racine construite
mmdebstrap --variant=apt --aptopt="$APT_PROXY_OPT" --dpkgopt="$DPKG_OPT" --include="$PAQUETS_HOTE" \
	--customize-hook="copy-in ${DEST}/proxmox-ve.deb ${DEST}/proxmox-default-kernel.deb /tmp" \
	--customize-hook='chroot "$1" dpkg -i /tmp/proxmox-ve.deb /tmp/proxmox-default-kernel.deb' \
	--customize-hook='rm -f "$1"/tmp/*.deb' \
	--customize-hook='ln -sf /dev/null "$1"/etc/systemd/system/systemd-binfmt.service' \
	trixie "${DEST}/rootfs" "$MIROIR"
printf 'hôte : %s s\n' "$(($(date +%s) - debut))"

# Le modèle : un Debian 13 avec systemd, nommé comme ceux de Proxmox d'après la version du point.
debut=$(date +%s)
version=$(cut -d. -f1,2 "${DEST}/rootfs/etc/debian_version")
[[ $version == *.* ]] || version="${version}.0"
modele="debian-13-standard_${version}-1_amd64.tar.zst"
# shellcheck disable=SC2016 # idem : « $1 » est la racine du modèle
mmdebstrap --variant=apt --aptopt="$APT_PROXY_OPT" --dpkgopt="$DPKG_OPT" --include="$PAQUETS_MODELE" \
	--customize-hook='rm -f "$1"/etc/ssh/ssh_host_*' \
	--customize-hook='rm -f "$1"/etc/hostname "$1"/etc/machine-id && touch "$1"/etc/machine-id' \
	--customize-hook='ln -sf /dev/null "$1"/etc/systemd/system/systemd-binfmt.service' \
	trixie "${DEST}/${modele}" "$MIROIR"
printf 'modèle : %s s\n' "$(($(date +%s) - debut))"
printf '%s\n' "$modele" >"${DEST}/modele"
touch "${DEST}/pret"
printf '%s\n' "$DEST" >&3
