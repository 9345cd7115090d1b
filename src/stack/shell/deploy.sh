#!/usr/bin/env bash
# Déploiement Alliance Boréale : Proxmox VE et services libres, un conteneur par service.
# Usage : ./deploy.sh plan|apply|status|backup|update|restore|verifier-pve9
# Tout est décrit dans README.md ; le plan détaillé est dans PLAN.txt.
set -Eeuo pipefail
shopt -s inherit_errexit

AB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly AB_DIR
cd "$AB_DIR"

# shellcheck source=lib/commun.sh
. lib/commun.sh
# shellcheck source=lib/hote.sh
. lib/hote.sh
# shellcheck source=config/site.env
. config/site.env
# shellcheck source=lib/plan.sh
. lib/plan.sh

export DEBIAN_FRONTEND=noninteractive
export LC_ALL=C.UTF-8

aide() {
	cat <<'FIN'
Usage : ./deploy.sh COMMANDE

  plan     affiche chaque action et son état ; ne modifie rien
  apply    applique ce qui manque ; relancé, il ne refait rien de ce qui est en place
  status   état des actions et des conteneurs
  backup   sauvegarde immédiate de tous les conteneurs (vzdump)
  update   met à jour chaque conteneur après une sauvegarde ; restaure en cas d’échec
  restore ID NOUVEL_ID  restaure la dernière sauvegarde de ID dans un nouveau conteneur (arrêté)
  restore ID --remplacer  remet la dernière sauvegarde à la place du conteneur ID
  verifier-pve9  sur un hôte Proxmox VE 8 : lance pve8to9 --full et explique chaque point en français
FIN
}

# Le paquet n'a pas été modifié depuis sa génération.
verifier_paquet() {
	if ! sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1; then
		ab_mourir "le paquet a été modifié ou est incomplet (sha256sum -c SHA256SUMS) ; régénère-le plutôt que de l’éditer"
	fi
}

# Un seul déploiement à la fois sur la machine.
verrouiller() {
	local verrou
	verrou=$(ab_chemin /run/lock/alliance-boreale.lock)
	install -d -m 0755 "$(dirname "$verrou")"
	exec 9>"$verrou"
	flock -n 9 || ab_mourir "un autre deploy.sh tourne déjà sur cette machine"
}

# Journal de chaque exécution (les secrets n'y passent jamais : ils ne sont ni affichés ni tracés).
journaliser() {
	local dossier journal
	dossier=$(ab_chemin "$AB_JOURNAUX")
	install -d -m 0750 "$dossier"
	journal="${dossier}/$(date +%Y%m%d-%H%M%S)-$1.log"
	exec > >(tee -a "$journal") 2>&1
	AB_TEE=$!
	# À la sortie, on attend que tee ait tout écrit : le journal et l'écran restent complets.
	trap 'exec >&- 2>&-; wait "$AB_TEE" || true' EXIT
	printf 'Alliance Boréale — site « %s », commande « %s », %s\nJournal : %s\n\n' "$AB_SITE" "$1" "$(date -Is)" "$journal"
}

exiger_root() {
	[[ ${AB_RACINE} != '' || $EUID -eq 0 ]] || ab_mourir "lance ce script en root (sudo -i)"
}

principal() {
	local commande=${1:-}
	case $commande in
	plan)
		verifier_paquet
		ab_executer_plan plan
		;;
	apply)
		exiger_root
		verifier_paquet
		verrouiller
		journaliser apply
		trap 'ab_sur_erreur $? "$BASH_COMMAND"' ERR
		ab_executer_plan apply
		;;
	status)
		verifier_paquet
		ab_executer_plan status
		if command -v pct >/dev/null 2>&1; then
			printf '\nConteneurs :\n'
			pct list
		fi
		;;
	backup)
		exiger_root
		verrouiller
		journaliser backup
		trap 'ab_sur_erreur $? "$BASH_COMMAND"' ERR
		ab_sauvegarder
		;;
	update)
		exiger_root
		verifier_paquet
		verrouiller
		journaliser update
		local paire code echecs=0
		# AB_SERVICES : « id:service » séparés par des espaces (config/site.env).
		for paire in $AB_SERVICES; do
			code=0
			ab_mettre_a_jour_conteneur "${paire%%:*}" "${paire#*:}" || code=$?
			case $code in
			0) ;;
			1) echecs=$((echecs + 1)) ;;
			*) ab_mourir "mise à jour arrêtée au conteneur ${paire%%:*} ; les conteneurs suivants n’ont pas été touchés" ;;
			esac
		done
		if ((echecs > 0)); then
			ab_mourir "${echecs} conteneur(s) n’ont pas pu être mis à jour et ont été restaurés depuis la sauvegarde faite juste avant"
		fi
		;;
	restore)
		exiger_root
		verifier_paquet
		verrouiller
		journaliser restore
		trap 'ab_sur_erreur $? "$BASH_COMMAND"' ERR
		shift
		ab_restaurer "$@"
		;;
	verifier-pve9)
		exiger_root
		ab_verifier_pve9
		;;
	-h | --help | aide | help) aide ;;
	*)
		aide >&2
		exit 2
		;;
	esac
}

principal "$@"
