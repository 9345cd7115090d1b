# shellcheck shell=bash
# Fonctions communes à l'hôte et aux conteneurs : messages, fichiers,
# paquets, téléchargements vérifiés. Chaque fonction « _present / _conforme »
# ne fait que regarder ; les autres changent l'état de la machine.

# Préfixe de tous les chemins touchés : vide en vrai, un dossier jetable en test.
AB_RACINE="${AB_RACINE:-}"

ab_info() { printf '  • %s\n' "$*"; }
ab_deja() { printf '  ✓ %s : déjà en place\n' "$*"; }
ab_fait() { printf '  ✔ %s : fait\n' "$*"; }
ab_avertir() { printf 'Attention : %s\n' "$*" >&2; }
ab_erreur() { printf 'Erreur : %s\n' "$*" >&2; }
ab_mourir() {
	ab_erreur "$@"
	exit 1
}

# Chemin réel d'un fichier de la machine (sous AB_RACINE en test).
ab_chemin() { printf '%s%s' "$AB_RACINE" "$1"; }

# Exécute « verifier… -- appliquer… » : ne fait rien si l'état est déjà bon,
# et vérifie de nouveau après avoir agi.
ab_assurer() {
	local titre=$1
	shift
	local -a verifier=()
	while [[ $# -gt 0 && $1 != -- ]]; do
		verifier+=("$1")
		shift
	done
	[[ $# -gt 0 ]] || ab_mourir "ab_assurer « ${titre} » : « -- » manquant"
	shift
	if "${verifier[@]}"; then
		ab_deja "$titre"
		return 0
	fi
	"$@"
	if ! "${verifier[@]}"; then
		ab_mourir "« ${titre} » : l’action a tourné mais l’état attendu n’est pas atteint"
	fi
	ab_fait "$titre"
}

# Le fichier existe et a exactement la somme sha256 attendue.
ab_fichier_conforme() {
	local fichier
	fichier=$(ab_chemin "$1")
	[[ -f $fichier ]] || return 1
	[[ $(sha256sum <"$fichier" | cut -d' ' -f1) == "$2" ]]
}

# Copie atomique d'un fichier du paquet vers la machine (écrit à côté, puis renomme).
ab_installer_fichier() {
	local source=$1 dest mode=$3 tmp
	dest=$(ab_chemin "$2")
	[[ -f $source ]] || ab_mourir "fichier du paquet introuvable : ${source}"
	install -d -m 0755 "$(dirname "$dest")"
	tmp=$(mktemp "${dest}.ab.XXXXXX")
	cat "$source" >"$tmp"
	chmod "$mode" "$tmp"
	mv -f "$tmp" "$dest"
}

# Somme d'un fichier comparée à la valeur publiée (algorithme sha256 ou sha512).
ab_somme_conforme() {
	local fichier algo=$2 attendu=$3
	fichier=$(ab_chemin "$1")
	[[ -f $fichier ]] || return 1
	case $algo in
	sha256) [[ $(sha256sum <"$fichier" | cut -d' ' -f1) == "$attendu" ]] ;;
	sha512) [[ $(sha512sum <"$fichier" | cut -d' ' -f1) == "$attendu" ]] ;;
	*) ab_mourir "algorithme de somme inconnu : ${algo} (sha256 ou sha512)" ;;
	esac
}

# Télécharge en HTTPS (ou HTTP pour un miroir local), vérifie, puis met en place.
# Un fichier dont la somme diffère est effacé et l'exécution s'arrête.
ab_telecharger_verifie() {
	local url=$1 dest algo=$3 attendu=$4 tmp
	dest=$(ab_chemin "$2")
	install -d -m 0755 "$(dirname "$dest")"
	tmp=$(mktemp "${dest}.telechargement.XXXXXX")
	if ! curl -fsSL --retry 3 --proto '=https,http' -o "$tmp" "$url"; then
		rm -f "$tmp"
		ab_mourir "téléchargement impossible : ${url}"
	fi
	mv -f "$tmp" "${dest}.verif"
	if ! ab_somme_conforme "${2}.verif" "$algo" "$attendu"; then
		rm -f "${dest}.verif"
		ab_mourir "somme ${algo} inattendue pour ${url} : fichier refusé (attendu ${attendu})"
	fi
	chmod 0644 "${dest}.verif"
	mv -f "${dest}.verif" "$dest"
}

# Tous les paquets sont installés.
ab_paquets_presents() {
	local p etat
	for p in "$@"; do
		etat=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || return 1
		[[ $etat == installed ]] || return 1
	done
}

# Aucun paquet correspondant aux motifs n'est installé.
ab_paquets_absents() {
	local motif
	for motif in "$@"; do
		if dpkg-query -W -f='${db:Status-Status}\n' "$motif" 2>/dev/null | grep -qx installed; then
			return 1
		fi
	done
}

# Installe les paquets manquants (les versions épinglées par apt_preferences s'appliquent).
ab_apt_installer() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# Chaque ligne non vide de la source est présente dans le fichier cible.
ab_lignes_presentes() {
	local cible ligne
	cible=$(ab_chemin "$1")
	[[ -f $cible ]] || return 1
	while IFS= read -r ligne; do
		[[ -z $ligne ]] && continue
		grep -qxF -- "$ligne" "$cible" || return 1
	done <"$2"
}

# Ajoute les lignes manquantes, sans toucher aux autres.
ab_lignes_ajouter() {
	local cible ligne
	cible=$(ab_chemin "$1")
	install -d -m 0700 "$(dirname "$cible")"
	touch "$cible"
	chmod 0600 "$cible"
	while IFS= read -r ligne; do
		[[ -z $ligne ]] && continue
		grep -qxF -- "$ligne" "$cible" || printf '%s\n' "$ligne" >>"$cible"
	done <"$2"
}

ab_unite_activee() { systemctl is-enabled --quiet "$1" 2>/dev/null; }
ab_unite_active() { systemctl is-active --quiet "$1" 2>/dev/null; }

# Dépôt apt tiers : clé téléchargée puis acceptée seulement si son empreinte
# OpenPGP est celle publiée par l'éditeur.
ab_depot_cle_conforme() {
	local cle empreinte=$2
	cle=$(ab_chemin "$1")
	[[ -s $cle ]] || return 1
	gpg --show-keys --with-colons "$cle" 2>/dev/null | awk -F: '$1 == "fpr" { print $10 }' | grep -qx "$empreinte"
}

ab_depot_cle_installer() {
	local url=$1 dest=$2 empreinte=$3 tmp
	tmp=$(mktemp)
	# HTTP permis pour un miroir local (versions.depots) : la clé n'est gardée que si son empreinte est la bonne.
	if ! curl -fsSL --retry 3 --proto '=https,http' -o "$tmp" "$url"; then
		rm -f "$tmp"
		ab_mourir "téléchargement impossible : ${url}"
	fi
	# Les éditeurs publient la clé armurée ou binaire : on la stocke en binaire.
	install -d -m 0755 "$(dirname "$(ab_chemin "$dest")")"
	if grep -q 'BEGIN PGP PUBLIC KEY BLOCK' "$tmp"; then
		gpg --dearmor <"$tmp" >"$(ab_chemin "$dest")"
	else
		cat "$tmp" >"$(ab_chemin "$dest")"
	fi
	rm -f "$tmp"
	chmod 0644 "$(ab_chemin "$dest")"
	if ! ab_depot_cle_conforme "$dest" "$empreinte"; then
		rm -f "$(ab_chemin "$dest")"
		ab_mourir "la clé ${url} n’a pas l’empreinte attendue ${empreinte} : dépôt refusé"
	fi
}

# Écrit un fichier .sources (deb822) et les préférences apt qui épinglent les versions.
# Arguments : nom, URIs, Suites, Components (peut être vide), clé, épinglages « paquet=motif … ».
ab_depot_ecrire() {
	local nom=$1 uris=$2 suites=$3 composants=$4 cle=$5 epingles=$6
	local sources preferences paire
	sources=$(ab_chemin "/etc/apt/sources.list.d/${nom}.sources")
	preferences=$(ab_chemin "/etc/apt/preferences.d/${nom}")
	install -d -m 0755 "$(dirname "$sources")" "$(dirname "$preferences")"
	{
		printf 'Types: deb\nURIs: %s\nSuites: %s\n' "$uris" "$suites"
		[[ -n $composants ]] && printf 'Components: %s\n' "$composants"
		printf 'Signed-By: %s\n' "$cle"
	} >"$sources"
	: >"$preferences"
	for paire in $epingles; do
		[[ -s $preferences ]] && printf '\n' >>"$preferences"
		printf 'Package: %s\nPin: version %s\nPin-Priority: 1001\n' "${paire%%=*}" "${paire#*=}" >>"$preferences"
	done
}

# Le dépôt est déclaré et chaque épinglage voulu est en place.
ab_depot_present() {
	local nom=$1 epingles=$2 preferences paire
	preferences=$(ab_chemin "/etc/apt/preferences.d/${nom}")
	[[ -f $(ab_chemin "/etc/apt/sources.list.d/${nom}.sources") && -f $preferences ]] || return 1
	for paire in $epingles; do
		grep -qxF "Pin: version ${paire#*=}" "$preferences" && grep -qxF "Package: ${paire%%=*}" "$preferences" || return 1
	done
}

# Mot de passe fort tiré au hasard (pour les comptes internes : bases de données…).
ab_aleatoire() { openssl rand -base64 33 | tr -d '/+=\n' | cut -c1-32; }

# Crée un secret interne s'il manque (mode 0600) ; n'affiche jamais sa valeur.
ab_secret_interne() {
	local fichier
	fichier=$(ab_chemin "$1")
	[[ -s $fichier ]] && return 0
	install -d -m 0700 "$(dirname "$fichier")"
	(
		umask 077
		ab_aleatoire >"$fichier"
	)
}

# ---------- dans un conteneur ----------

# Dossier où l'hôte a déposé le paquet du service.
readonly AB_CHARGE=/root/alliance-boreale

# Lit un secret déposé par l'hôte (0600) ; sa valeur n'est jamais affichée.
ab_secret_lire() {
	local fichier="${AB_CHARGE}/secrets/$1"
	[[ -s $fichier ]] || ab_mourir "secret « $1 » absent du conteneur : relance deploy.sh apply depuis l’hôte"
	head -n 1 "$fichier"
}

# Somme d'un fichier du paquet, pour comparer avec ce qui est en place.
ab_somme_fichier() { sha256sum <"$1" | cut -d' ' -f1; }

# Installe un fichier du paquet s'il diffère de ce qui est en place ; réussit s'il a changé.
ab_fichier_assurer() {
	local source=$1 dest=$2 mode=$3
	if ab_fichier_conforme "$dest" "$(ab_somme_fichier "$source")"; then
		ab_deja "fichier ${dest}"
		return 1
	fi
	ab_installer_fichier "$source" "$dest" "$mode"
	ab_fait "fichier ${dest}"
}

ab_mises_a_jour_auto_presentes() {
	ab_paquets_presents unattended-upgrades &&
		grep -qxF 'APT::Periodic::Unattended-Upgrade "1";' "$(ab_chemin /etc/apt/apt.conf.d/20auto-upgrades)" 2>/dev/null
}

ab_mises_a_jour_auto_activer() {
	ab_apt_installer unattended-upgrades
	printf 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n' >"$(ab_chemin /etc/apt/apt.conf.d/20auto-upgrades)"
}

ab_listes_apt_presentes() {
	[[ -n $(find "$(ab_chemin /var/lib/apt/lists)" -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null) ]]
}

# Nom du fuseau réglé (America/Montreal), lu comme le fait timedatectl : le lien
# /etc/localtime sur un seul niveau. readlink -f irait jusqu'au fichier réel, or
# Debian fait d'America/Montreal un lien vers America/Toronto (et d'UTC, Etc/UTC).
ab_fuseau_actuel() {
	local lien
	lien=$(ab_chemin /etc/localtime)
	if [[ -L $lien ]]; then
		lien=$(readlink "$lien")
		printf '%s\n' "${lien#*zoneinfo/}"
	elif [[ -s $(ab_chemin /etc/timezone) ]]; then
		head -n 1 "$(ab_chemin /etc/timezone)"
	fi
}

ab_fuseau_conforme() { [[ $(ab_fuseau_actuel) == "$AB_FUSEAU" ]]; }

# timedatectl a besoin de systemd-timedated ; sans lui (conteneur minimal), le lien est posé à la main.
ab_fuseau_regler() {
	[[ -e $(ab_chemin "/usr/share/zoneinfo/${AB_FUSEAU}") ]] || ab_mourir "fuseau horaire inconnu de ce système : ${AB_FUSEAU} (paquet tzdata)"
	timedatectl set-timezone "$AB_FUSEAU" 2>/dev/null || ln -sfn "/usr/share/zoneinfo/${AB_FUSEAU}" "$(ab_chemin /etc/localtime)"
	# Debian 12 tient aussi /etc/timezone : on le garde d'accord s'il existe.
	if [[ -f $(ab_chemin /etc/timezone) ]]; then printf '%s\n' "$AB_FUSEAU" >"$(ab_chemin /etc/timezone)"; fi
}

# Les noms publics désignent le mandataire, depuis les conteneurs aussi (Nextcloud → Collabora) :
# sans cela il faudrait que le routeur renvoie vers l'intérieur (« hairpin NAT »), ce que beaucoup ne font pas.
ab_noms_publics_presents() {
	local nom hosts
	hosts=$(ab_chemin /etc/hosts)
	[[ -n ${AB_PROXY_IP:-} ]] || return 0
	for nom in $AB_NOMS_PUBLICS; do
		grep -qE "^${AB_PROXY_IP//./\\.}[[:space:]]+${nom//./\\.}([[:space:]]|$)" "$hosts" 2>/dev/null || return 1
	done
}
ab_noms_publics_ajouter() {
	local nom hosts
	hosts=$(ab_chemin /etc/hosts)
	for nom in $AB_NOMS_PUBLICS; do
		grep -qE "^${AB_PROXY_IP//./\\.}[[:space:]]+${nom//./\\.}([[:space:]]|$)" "$hosts" 2>/dev/null ||
			printf '%s %s # Alliance Boréale : par le mandataire\n' "$AB_PROXY_IP" "$nom" >>"$hosts"
	done
}

# Socle de chaque conteneur : fuseau, outils de base, correctifs de sécurité automatiques.
ab_conteneur_base() {
	ab_assurer "fuseau horaire ${AB_FUSEAU}" ab_fuseau_conforme -- ab_fuseau_regler
	ab_assurer "listes de paquets" ab_listes_apt_presentes -- apt-get update
	ab_assurer "outils de base" ab_paquets_presents ca-certificates curl gnupg openssl -- ab_apt_installer ca-certificates curl gnupg openssl
	ab_assurer "mises à jour de sécurité automatiques" ab_mises_a_jour_auto_presentes -- ab_mises_a_jour_auto_activer
	ab_assurer "noms publics joints par le mandataire" ab_noms_publics_presents -- ab_noms_publics_ajouter
}

# Mise à jour dans les limites des versions épinglées (apt_preferences).
ab_conteneur_mettre_a_jour() {
	apt-get update
	apt-get -y -o Dpkg::Options::=--force-confold full-upgrade
}

# Point d'entrée commun des scripts de service.
ab_service_principal() {
	case ${1:-} in
	installer) installer ;;
	mettre-a-jour) mettre_a_jour ;;
	# Seul le mandataire a un certificat local à renouveler (minuteur systemd).
	renouveler) renouveler ;;
	*)
		printf 'Usage : %s installer|mettre-a-jour|renouveler\n' "$0" >&2
		exit 2
		;;
	esac
}
