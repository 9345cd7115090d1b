# shellcheck shell=bash
# Fonctions propres à l'hôte Proxmox : vérifications de la machine, nom,
# conteneurs, secrets, sauvegardes, et l'exécution du plan.

# Constantes en lecture seule, exportées pour les scripts qui les lisent.
declare -rx AB_ETAT=/var/lib/alliance-boreale
declare -rx AB_SECRETS=/etc/alliance-boreale/secrets
declare -rx AB_JOURNAUX=/var/log/alliance-boreale
# Code de sortie quand un redémarrage est nécessaire avant de continuer.
declare -rx AB_SORTIE_REDEMARRAGE=3

# ---------- vérification de la machine ----------

# Liste sur la sortie d'erreur ce qui ne convient pas ; réussit si tout va bien.
ab_problemes_machine() {
	local debian=$1 memoire_min=$2 disque_min=$3 problemes=0 version arch memoire disque
	version=$(awk -F= '$1 == "VERSION_ID" { gsub(/"/, "", $2); print $2 }' "$(ab_chemin /etc/os-release)")
	if [[ $version != "$debian" ]]; then
		printf '  - système : Debian %s attendu (hote.debian), trouvé « %s »\n' "$debian" "${version:-inconnu}" >&2
		problemes=1
	fi
	arch=$(dpkg --print-architecture)
	if [[ $arch != amd64 ]]; then
		printf '  - architecture : amd64 attendue, trouvé « %s »\n' "$arch" >&2
		problemes=1
	fi
	# Les services sont des conteneurs LXC : sans vmx/svm, seules les machines virtuelles
	# futures seraient impossibles. Un avertissement, pas un refus.
	if ! grep -qwE 'vmx|svm' "$(ab_chemin /proc/cpuinfo)"; then
		printf '  - (avertissement) processeur : virtualisation matérielle (vmx ou svm) absente ou désactivée dans le BIOS ; les conteneurs fonctionnent, pas les machines virtuelles\n' >&2
	fi
	memoire=$(awk '$1 == "MemTotal:" { print int($2 / 1024) }' "$(ab_chemin /proc/meminfo)")
	if ((memoire < memoire_min)); then
		printf '  - mémoire : %s Mio, il en faut au moins %s pour ces conteneurs et Proxmox\n' "$memoire" "$memoire_min" >&2
		problemes=1
	fi
	disque=$(df -Pk "$(ab_chemin /var/lib)" | awk 'NR == 2 { print int($4 / 1048576) }')
	if ((disque < disque_min)); then
		printf '  - disque : %s Gio libres sous /var/lib, il en faut au moins %s\n' "$disque" "$disque_min" >&2
		problemes=1
	fi
	return "$problemes"
}

# En mode plan ou status, les raisons sont affichées ; en apply, ab_refuser_machine les affichera.
ab_machine_conforme() {
	if [[ ${AB_MODE:-} == apply ]]; then
		ab_problemes_machine "$@" 2>/dev/null
	else
		ab_problemes_machine "$@"
	fi
}

ab_refuser_machine() {
	ab_erreur "cette machine ne convient pas ; rien n’a été modifié :"
	ab_problemes_machine "$@" || true
	exit 1
}

# ---------- nom et résolution ----------

# Le nom complet et le nom court se résolvent vers l'adresse réelle (exigence de Proxmox).
ab_resolution_conforme() {
	local fqdn=$1 court=$2 ip=$3
	[[ $(getent hosts "$fqdn" | awk 'NR == 1 { print $1 }') == "$ip" ]] &&
		[[ $(getent hosts "$court" | awk 'NR == 1 { print $1 }') == "$ip" ]]
}

# Ajoute « ip fqdn court » à /etc/hosts et met en commentaire les autres lignes de ce nom.
ab_hosts_assurer() {
	local ip=$1 fqdn=$2 court=$3 hosts tmp
	hosts=$(ab_chemin /etc/hosts)
	tmp=$(mktemp "${hosts}.ab.XXXXXX")
	awk -v ip="$ip" -v fqdn="$fqdn" -v court="$court" '
		/^[[:space:]]*#/ { print; next }
		{
			nom = 0
			for (i = 2; i <= NF; i++) if ($i == fqdn || $i == court) nom = 1
			if (nom && $1 != ip) { print "# " $0 " (Alliance Boréale : le nom doit désigner son adresse réelle)"; next }
			if (nom && $1 == ip) vu = 1
			print
		}
		END { if (!vu) print ip " " fqdn " " court }
	' "$hosts" >"$tmp"
	chmod 0644 "$tmp"
	mv -f "$tmp" "$hosts"
}

# ---------- réseau ----------

# Délai (secondes) pour confirmer un nouveau réseau avant le retour automatique à l'ancien.
AB_RESEAU_DELAI=${AB_RESEAU_DELAI:-120}
AB_RESEAU_GARDE=''
readonly AB_RESEAU_PRECEDENT=/etc/network/interfaces.avant-alliance-boreale

ab_reseau_adresse_sur() { ip -o -4 addr show dev "$1" 2>/dev/null | grep -qF " inet ${2} "; }

# Avant de toucher /etc/network/interfaces : l'interface existe et porte l'adresse de
# l'hôte, sauf si le pont (ou son VLAN) la porte déjà (réseau déjà en place).
ab_reseau_verifier() {
	local interface=$1 adresse=$2 porteur=$3 presentes
	ab_reseau_adresse_sur "$porteur" "$adresse" && return 0
	presentes=$(ip -o link show 2>/dev/null | awk -F': ' '$2 != "lo" { sub(/@.*/, "", $2); printf "%s%s", (n++ ? ", " : ""), $2 }')
	if ! ip link show dev "$interface" >/dev/null 2>&1; then
		ab_mourir "l’interface « ${interface} » (hote.interface) n’existe pas sur cette machine ; interfaces présentes : ${presentes:-aucune}. Le réseau n’a pas été modifié"
	fi
	if ! ab_reseau_adresse_sur "$interface" "$adresse"; then
		ab_mourir "l’interface « ${interface} » ne porte pas l’adresse ${adresse} (hote.adresse) ; elle porte : $(ip -o -4 addr show dev "$interface" 2>/dev/null | awk '{ printf "%s ", $4 }')— le réseau n’a pas été modifié"
	fi
}

# Remet l'ancien fichier réseau et l'ancien réseau. « ifreload -a » seul ne suffit pas
# (vu sur le vrai Debian 13 des tests, ifupdown2) : la carte restait rattachée à un pont
# que l'ancien fichier ne décrit plus, sans adresse, et l'hôte sans réseau. Ce que le
# nouveau fichier a monté est donc arrêté pendant qu'il le décrit encore, puis l'ancien
# fichier est remis et monté.
ab_reseau_remettre() {
	local precedent=$1 fichier=$2
	ifdown -a --exclude=lo || true
	cp -a "$precedent" "$fichier"
	ifreload -a || true
	ifup -a || true
}

# Garde l'ancien fichier et arme un gardien en arrière-plan qui remet l'ancien réseau
# si personne ne confirme à temps. Il ignore SIGHUP et SIGINT : une session SSH
# coupée par le changement de réseau ne l'arrête pas. Son numéro est dans ${AB_RESEAU_GARDIEN}.
readonly AB_RESEAU_GARDIEN=/run/alliance-boreale/retour-reseau.pid
ab_reseau_garder_precedent() {
	local fichier precedent
	fichier=$(ab_chemin /etc/network/interfaces)
	precedent=$(ab_chemin "$AB_RESEAU_PRECEDENT")
	if [[ -f $fichier ]]; then cp -a "$fichier" "$precedent"; else : >"$precedent"; fi
	(
		trap '' HUP INT
		trap - ERR
		# Le verrou de deploy.sh (descripteur 9) ne doit pas survivre dans le gardien.
		exec 9>&-
		sleep "$AB_RESEAU_DELAI"
		ab_reseau_remettre "$precedent" "$fichier"
	) </dev/null >/dev/null 2>&1 &
	AB_RESEAU_GARDE=$!
	install -d -m 0755 "$(dirname "$(ab_chemin "$AB_RESEAU_GARDIEN")")"
	printf '%s\n' "$AB_RESEAU_GARDE" >"$(ab_chemin "$AB_RESEAU_GARDIEN")"
	ab_info "ancien réseau gardé dans ${AB_RESEAU_PRECEDENT} ; retour automatique dans ${AB_RESEAU_DELAI} s sans confirmation"
}

ab_reseau_desarmer() {
	if [[ -n $AB_RESEAU_GARDE ]]; then
		# Son « sleep » d'abord (sinon il resterait jusqu'à la fin du délai), puis lui.
		pkill -P "$AB_RESEAU_GARDE" 2>/dev/null || true
		kill "$AB_RESEAU_GARDE" 2>/dev/null || true
	fi
	rm -f "$(ab_chemin "$AB_RESEAU_GARDIEN")"
	AB_RESEAU_GARDE=''
}

# Remet l'ancien fichier et l'ancien réseau tout de suite, puis arrête tout.
ab_reseau_revenir() {
	ab_reseau_desarmer
	ab_reseau_remettre "$(ab_chemin "$AB_RESEAU_PRECEDENT")" "$(ab_chemin /etc/network/interfaces)"
	ab_mourir "${1:-le nouveau réseau n’a pas été confirmé} : l’ancien /etc/network/interfaces est remis et rechargé. Vérifie hote.interface, hote.adresse et hote.passerelle"
}

# Le nouveau réseau marche : l'adresse est sur le pont et la passerelle répond, ou,
# depuis un terminal, la personne confirme qu'elle garde la main dans le délai.
ab_reseau_confirmer() {
	local porteur=$1 adresse=$2 passerelle=$3 reponse=''
	ab_reseau_adresse_sur "$porteur" "$adresse" || ab_reseau_revenir "l’adresse ${adresse} n’est pas sur ${porteur} après ifreload"
	ping -c 3 -W 2 "$passerelle" >/dev/null 2>&1 || ab_reseau_revenir "la passerelle ${passerelle} ne répond plus"
	if [[ -t 0 ]]; then
		read -r -t "$AB_RESEAU_DELAI" -p "Réseau changé. Si ta connexion répond encore, tape « oui » (${AB_RESEAU_DELAI} s) : " reponse || true
		[[ $reponse == oui ]] || ab_reseau_revenir "le nouveau réseau n’a pas été confirmé dans le délai"
	elif [[ ${AB_RESEAU_CONFIRMATION:-} != auto ]]; then
		# Sans terminal, personne ne peut confirmer : une tâche automatique le demande exprès.
		ab_reseau_revenir "le nouveau réseau n’a pas été confirmé (pas de terminal ; AB_RESEAU_CONFIRMATION=auto confirme par la passerelle)"
	fi
	ab_reseau_desarmer
	ab_info "nouveau réseau confirmé"
}

# ---------- Proxmox ----------

ab_noyau_proxmox_actif() { [[ $(uname -r) == *-pve ]]; }

ab_demander_redemarrage() {
	printf '\nLe noyau Proxmox est installé mais la machine tourne encore sur le noyau Debian (%s).\n' "$(uname -r)"
	printf 'Redémarre (systemctl reboot), puis relance « ./deploy.sh apply » : il reprendra ici.\n'
	exit "$AB_SORTIE_REDEMARRAGE"
}

# Les fichiers de dépôt « enterprise » installés par Proxmox (liste .list en PVE 8, .sources en PVE 9).
ab_fichiers_entreprise() {
	local f
	for f in /etc/apt/sources.list.d/pve-enterprise.list /etc/apt/sources.list.d/pve-enterprise.sources \
		/etc/apt/sources.list.d/ceph.list /etc/apt/sources.list.d/ceph.sources; do
		if [[ -f $(ab_chemin "$f") ]] && grep -q 'enterprise.proxmox.com' "$(ab_chemin "$f")"; then
			printf '%s\n' "$f"
		fi
	done
}

ab_depots_entreprise_absents() { [[ -z $(ab_fichiers_entreprise) ]]; }

ab_depots_entreprise_retirer() {
	local f
	# Ce sont des fichiers de configuration de paquets : dpkg se souvient qu'ils ont été retirés.
	while IFS= read -r f; do
		rm -f "$(ab_chemin "$f")"
	done < <(ab_fichiers_entreprise)
}

ab_ct_existe() { pct status "$1" >/dev/null 2>&1; }
ab_ct_en_marche() { [[ $(pct status "$1" 2>/dev/null) == 'status: running' ]]; }

ab_ct_ressources_conformes() {
	local id=$1 coeurs=$2 memoire=$3 config
	config=$(pct config "$id" 2>/dev/null) || return 1
	grep -qx "cores: ${coeurs}" <<<"$config" && grep -qx "memory: ${memoire}" <<<"$config"
}

# Autorité locale (mode TLS « interne ») : les conteneurs qui se joignent par les noms
# publics (Nextcloud → Collabora) passent par le mandataire et son certificat local ;
# ils doivent reconnaître l'autorité qui l'a signé. Le certificat public est relu dans
# le mandataire à chaque vérification : une autorité refaite est recopiée partout.
# Usage : ab_ct_autorite_presente MANDATAIRE ID CHEMIN_DANS_LE_MANDATAIRE CHEMIN_DANS_LE_CONTENEUR
ab_ct_autorite_presente() {
	local mandataire=$1 id=$2 source=$3 copie=$4 attendu present lien
	attendu=$(pct exec "$mandataire" -- cat "$source" 2>/dev/null) || return 1
	present=$(pct exec "$id" -- cat "$copie" 2>/dev/null) || return 1
	# update-ca-certificates pose ce lien (nom du certificat, en .pem) quand il l'a ajouté au magasin commun.
	lien=/etc/ssl/certs/$(basename "$copie" .crt).pem
	[[ -n $attendu && $attendu == "$present" ]] && pct exec "$id" -- test -e "$lien"
}

# ---------- stockages ----------

# Stockages actifs qui acceptent un contenu (rootdir, vztmpl, backup) : « nom Kio-libres » par ligne.
ab_stockages_pour() { pvesm status --content "$1" 2>/dev/null | awk 'NR > 1 && $3 == "active" { print $1, $6 }'; }

# Stockage des disques de conteneurs. « auto » : local-lvm (installateur ISO), local-zfs,
# puis local (présent sur tout Proxmox), sinon le premier qui accepte des conteneurs.
ab_stockage_conteneurs() {
	local liste nom
	if [[ $AB_STOCKAGE_CONTENEURS != auto ]]; then
		printf '%s\n' "$AB_STOCKAGE_CONTENEURS"
		return 0
	fi
	liste=$(ab_stockages_pour rootdir | awk '{ print $1 }')
	for nom in local-lvm local-zfs local; do
		if grep -qxF "$nom" <<<"$liste"; then
			printf '%s\n' "$nom"
			return 0
		fi
	done
	[[ -n $liste ]] || return 1
	head -n 1 <<<"$liste"
}

# Le stockage existe, est actif, accepte ce contenu et a au moins tant de Gio libres.
ab_stockage_conforme() {
	local nom=$1 contenu=$2 gio=$3 libre
	if [[ $nom == auto ]]; then nom=$(ab_stockage_conteneurs) || return 1; fi
	libre=$(ab_stockages_pour "$contenu" | awk -v n="$nom" '$1 == n { print $2 }')
	[[ -n $libre ]] || return 1
	((libre / 1048576 >= gio)) && return 0
	# Dossier, LVM-thin, ZFS, btrfs : les disques ne prennent que ce qu'ils écrivent.
	if [[ $(pvesm status --storage "$nom" 2>/dev/null | awk 'NR == 2 { print $2 }') =~ ^(dir|lvmthin|zfspool|btrfs)$ ]]; then
		ab_avertir "le stockage « ${nom} » n’a que $((libre / 1048576)) Gio libres pour ${gio} Gio de disques prévus : il n’alloue qu’à l’usage, surveille sa place"
		return 0
	fi
	return 1
}

# Explique pourquoi le stockage ne convient pas, puis arrête tout (aucun conteneur n'est créé).
ab_stockage_refuser() {
	local nom=$1 contenu=$2 gio=$3 quoi=$4 libre candidats
	if [[ $nom == auto ]]; then nom=$(ab_stockage_conteneurs) || nom=auto; fi
	candidats=$(ab_stockages_pour "$contenu" | awk '{ printf "%s%s (%d Gio libres)", (NR > 1 ? ", " : ""), $1, $2 / 1048576 }')
	if [[ $nom == auto ]]; then
		ab_erreur "aucun stockage actif n’accepte ${quoi} (contenu « ${contenu} ») : ajoute-le dans l’interface de Proxmox (Centre de données → Stockage)"
	elif ! pvesm status --storage "$nom" >/dev/null 2>&1; then
		ab_erreur "le stockage « ${nom} » n’existe pas sur cette machine ; stockages qui acceptent ${quoi} : ${candidats:-aucun}. Corrige « stockage » dans config/site.yaml (ou « auto ») et régénère le paquet"
	else
		libre=$(pvesm status --storage "$nom" 2>/dev/null | awk 'NR == 2 { print $3, int($6 / 1048576) }')
		if ! ab_stockages_pour "$contenu" | awk '{ print $1 }' | grep -qxF "$nom"; then
			ab_erreur "le stockage « ${nom} » (${libre%% *}) n’accepte pas ${quoi} (contenu « ${contenu} ») ; stockages qui les acceptent : ${candidats:-aucun}. Active-le (pvesm set ${nom} --content …,${contenu}) ou choisis-en un autre"
		else
			ab_erreur "le stockage « ${nom} » n’a que ${libre##* } Gio libres ; il faut ${gio} Gio pour ${quoi}"
		fi
	fi
	exit 1
}

# Modèles : un nom exact (versions.modele), ou un préfixe « debian-13-standard » résolu
# vers la construction la plus récente (l'index de pveam ne garde que la dernière).
ab_modele_motif() { printf '^%s_[0-9.]+-[0-9]+_amd64\\.tar\\.zst$' "$1"; }

# Identifiant du modèle présent sur le stockage (le plus récent pour un préfixe).
ab_modele_local() {
	local stockage=$1 modele=$2
	if [[ $modele == *.tar.* ]]; then
		pveam list "$stockage" 2>/dev/null | awk '{ print $1 }' | grep -xF "${stockage}:vztmpl/${modele}"
	else
		pveam list "$stockage" 2>/dev/null | awk -v p="${stockage}:vztmpl/" 'index($1, p) == 1 { print substr($1, length(p) + 1) }' |
			grep -E "$(ab_modele_motif "$modele")" | sort -V | tail -n 1 | sed "s|^|${stockage}:vztmpl/|" | grep .
	fi
}

ab_modele_present() { ab_modele_local "$1" "$2" >/dev/null; }

# Nom du modèle à télécharger : le nom exact, ou la construction la plus récente de l'index.
ab_modele_index() {
	local modele=$1
	if [[ $modele == *.tar.* ]]; then
		printf '%s\n' "$modele"
		return 0
	fi
	pveam available --section system | awk '{ print $2 }' | grep -E "$(ab_modele_motif "$modele")" | sort -V | tail -n 1 | grep . ||
		{ ab_erreur "aucun modèle « ${modele} » dans l’index de pveam (pveam available --section system)" && return 1; }
}
ab_cluster_present() { pvecm status >/dev/null 2>&1; }

# Rejoint une grappe par l'API (pas de connexion SSH root, que Debian refuse par défaut),
# certificat du pair vérifié par son empreinte. Le mot de passe root du pair est lu dans
# ${AB_SECRETS}/grappe-racine (0600) et passé sur l'entrée standard, jamais en argument ;
# depuis un terminal sans ce fichier, pvecm le demande lui-même.
ab_cluster_rejoindre() {
	local pair=$1 ip=$2 empreinte=$3 secret
	secret=$(ab_chemin "${AB_SECRETS}/grappe-racine")
	if [[ -s $secret ]]; then
		ab_secret_present grappe-racine
		pvecm add "$pair" --link0 "$ip" --fingerprint "$empreinte" <"$secret"
	elif [[ -t 0 ]]; then
		pvecm add "$pair" --link0 "$ip" --fingerprint "$empreinte"
	else
		ab_mourir "pour rejoindre la grappe sans terminal, écris le mot de passe root de ${pair} dans ${AB_SECRETS}/grappe-racine (chmod 600)"
	fi
}
ab_stockage_present() { pvesm status --storage "$1" >/dev/null 2>&1; }
ab_tache_sauvegarde_presente() { pvesh get "/cluster/backup/$1" >/dev/null 2>&1; }

# Stockage PBS. Le mot de passe ne passe jamais par la ligne de commande (visible dans ps) :
# il est copié, en 0600, là où Proxmox le lit (/etc/pve/priv/storage/NOM.pw), avant pvesm add.
ab_pbs_ajouter() {
	local nom=$1 serveur=$2 datastore=$3 utilisateur=$4 empreinte=$5 pw
	pw=$(ab_chemin "/etc/pve/priv/storage/${nom}.pw")
	install -d -m 0700 "$(dirname "$pw")"
	install -m 0600 "$(ab_chemin "${AB_SECRETS}/pbs")" "$pw"
	pvesm add pbs "$nom" --server "$serveur" --datastore "$datastore" --username "$utilisateur" \
		--fingerprint "$empreinte" --content backup
}

# Clé de chiffrement côté client (sauvegardes.pbs.chiffrement) : Proxmox la crée et la garde
# dans /etc/pve/priv/storage/NOM.enc ; sans une copie ailleurs, les sauvegardes sont perdues avec l'hôte.
ab_pbs_cle_presente() { [[ -s $(ab_chemin "/etc/pve/priv/storage/${1}.enc") ]]; }
ab_pbs_cle_creer() {
	pvesm set "$1" --encryption-key autogen
	ab_avertir "clé de chiffrement créée dans /etc/pve/priv/storage/${1}.enc : copie-la hors de cette machine (clé USB, coffre-fort de mots de passe), sinon une panne de l’hôte rend les sauvegardes illisibles"
}

# ---------- secrets ----------

ab_secret_present() {
	local fichier mode
	fichier=$(ab_chemin "${AB_SECRETS}/$1")
	[[ -s $fichier ]] || return 1
	mode=$(stat -c '%a' "$fichier")
	if [[ $mode != 600 ]]; then
		ab_mourir "le secret ${AB_SECRETS}/$1 a le mode ${mode} : seul 0600 est accepté (chmod 600 ${AB_SECRETS}/$1)"
	fi
}

# Demande le secret au clavier (sans écho) ; une réponse vide en tire un au hasard.
# Sans clavier (tâche automatique), il est tiré au hasard, sauf s'il doit venir
# d'ailleurs (« exige » : mot de passe d'un serveur existant, comme PBS).
ab_secret_creer() {
	local nom=$1 exige=${2:-} fichier valeur="" confirmation=""
	fichier=$(ab_chemin "${AB_SECRETS}/${nom}")
	if [[ ! -t 0 && $exige == exige ]]; then
		ab_mourir "le secret « ${nom} » doit être fourni : écris-le dans ${AB_SECRETS}/${nom} (chmod 600) ou relance depuis un terminal"
	fi
	install -d -m 0700 "$(dirname "$fichier")"
	if [[ -t 0 ]]; then
		read -rsp "Mot de passe pour « ${nom} »${exige:+ (obligatoire)}${exige:- (vide = tiré au hasard)} : " valeur
		printf '\n'
		[[ -n $valeur || $exige != exige ]] || ab_mourir "le secret « ${nom} » ne peut pas être vide"
		if [[ -n $valeur ]]; then
			read -rsp 'Confirme-le : ' confirmation
			printf '\n'
			[[ $valeur == "$confirmation" ]] || ab_mourir "les deux saisies de « ${nom} » diffèrent ; rien n’a été enregistré"
		fi
	fi
	[[ -n $valeur ]] || valeur=$(ab_aleatoire)
	(
		umask 077
		printf '%s\n' "$valeur" >"$fichier"
	)
	chmod 0600 "$fichier"
	ab_info "secret « ${nom} » enregistré dans ${AB_SECRETS}/${nom} (mode 0600)"
}

# ---------- services ----------

# Archive des fichiers qu'un service reçoit (voir plan.json pour la liste exacte).
ab_paquet_service() {
	local service=$1 dest
	dest=$(ab_chemin "$2")
	install -d -m 0700 "$(dirname "$dest")"
	local -a fichiers=(lib/commun.sh lib/service.sh "services/${service}.sh" config/site.env)
	[[ -d fichiers/${service} ]] && fichiers+=("fichiers/${service}")
	tar --owner=0 --group=0 --transform 's,^,alliance-boreale/,' -cf "$dest" "${fichiers[@]}"
}

ab_marquer() {
	local marque
	marque=$(ab_chemin "${AB_ETAT}/etat/$1")
	install -d -m 0755 "$(dirname "$marque")"
	printf '%s\n' "$2" >"$marque"
}

ab_service_a_jour() {
	local id=$1 service=$2 empreinte=$3 marque
	marque=$(ab_chemin "${AB_ETAT}/etat/ct-${id}-${service}")
	ab_ct_en_marche "$id" && [[ -f $marque && $(<"$marque") == "$empreinte" ]]
}

# ---------- exécution du plan ----------

AB_ACTION_COURANTE=0

ab_sur_erreur() {
	local code=$1 commande=$2
	trap - ERR
	if ((AB_ACTION_COURANTE > 0)); then
		ab_erreur "échec de l’action ${AB_ACTION_COURANTE} « $(ab_plan_titre "$AB_ACTION_COURANTE") »"
	fi
	ab_erreur "la commande « ${commande} » a renvoyé le code ${code}."
	printf "Arrêt : les actions suivantes n’ont pas été tentées. Corrige la cause puis relance « ./deploy.sh apply » : ce qui est déjà en place ne sera pas refait.\n" >&2
	exit "$code"
}

# Parcourt le plan. « plan » et « status » ne font que regarder ; « apply » agit.
ab_executer_plan() {
	local mode=$1 n a_faire=0 id
	AB_MODE=$mode
	for ((n = 1; n <= AB_PLAN_NOMBRE; n++)); do
		id=$(ab_plan_id "$n")
		if "ab_plan_verifier_${n}"; then
			printf '[%2d/%d] %s : déjà en place\n' "$n" "$AB_PLAN_NOMBRE" "$(ab_plan_titre "$n")"
			continue
		fi
		a_faire=$((a_faire + 1))
		if [[ $mode != apply ]]; then
			printf '[%2d/%d] %s : à faire\n' "$n" "$AB_PLAN_NOMBRE" "$(ab_plan_titre "$n")"
			[[ $mode == plan ]] && "ab_plan_commandes_${n}" | sed 's/^/        $ /'
			continue
		fi
		printf '[%2d/%d] %s : en cours…\n' "$n" "$AB_PLAN_NOMBRE" "$(ab_plan_titre "$n")"
		AB_ACTION_COURANTE=$n
		"ab_plan_appliquer_${n}"
		if ! "ab_plan_verifier_${n}"; then
			ab_mourir "l’action ${n} (${id}) a tourné mais la vérification échoue encore ; regarde le journal"
		fi
		printf '[%2d/%d] %s : appliqué (%s)\n' "$n" "$AB_PLAN_NOMBRE" "$(ab_plan_titre "$n")" "$id"
	done
	AB_ACTION_COURANTE=0
	if [[ $mode == apply ]]; then
		printf '\nTerminé : %d action(s) appliquée(s), les autres étaient déjà en place.\n' "$a_faire"
	else
		printf '\n%d action(s) à faire sur %d.\n' "$a_faire" "$AB_PLAN_NOMBRE"
	fi
}

# Sauvegardes sur le disque des conteneurs : une panne de disque emporte les deux.
ab_avertir_sauvegardes_locales() {
	if [[ ${AB_SAUVEGARDES_LOCALES:-0} == 1 ]]; then
		ab_avertir "les sauvegardes vont sur « ${AB_STOCKAGE_SAUVEGARDES} », le disque même des conteneurs : une panne de disque emporterait les deux. Ajoute un Proxmox Backup Server (sauvegardes.pbs) ou un stockage sur un autre disque (stockage.sauvegardes)"
	fi
}

# Sauvegarde immédiate de chaque conteneur.
ab_sauvegarder() {
	local id
	ab_avertir_sauvegardes_locales
	for id in $AB_CONTENEURS; do
		ab_info "sauvegarde du conteneur ${id} vers ${AB_STOCKAGE_SAUVEGARDES}"
		vzdump "$id" --mode snapshot --compress zstd --storage "$AB_STOCKAGE_SAUVEGARDES" --notes-template 'sauvegarde manuelle (Alliance Boréale)'
	done
}

# Archives de sauvegarde d'un conteneur (identifiants de volume Proxmox), une par ligne, triées.
ab_sauvegardes_conteneur() {
	pvesm list "$AB_STOCKAGE_SAUVEGARDES" --content backup --vmid "$1" | awk 'NR > 1 { print $1 }' | sort
}

# Met à jour un conteneur après l'avoir sauvegardé ; si la mise à jour échoue,
# restaure l'archive faite à l'instant, jamais une plus ancienne.
# Appelée dans un « if » ou avec « || » (set -e n'y agit pas) : chaque étape est
# donc vérifiée à la main. Codes : 0 fait, 1 échec puis restauration,
# 2 sauvegarde impossible (rien n'a été touché), 3 restauration impossible.
ab_mettre_a_jour_conteneur() {
	local id=$1 service=$2 avant apres archive
	if ! avant=$(ab_sauvegardes_conteneur "$id"); then
		ab_erreur "impossible de lister les sauvegardes du conteneur ${id} sur ${AB_STOCKAGE_SAUVEGARDES} : mise à jour annulée"
		return 2
	fi
	ab_info "conteneur ${id} (${service}) : sauvegarde avant mise à jour"
	if ! vzdump "$id" --mode snapshot --compress zstd --storage "$AB_STOCKAGE_SAUVEGARDES" --notes-template 'avant mise à jour (Alliance Boréale)'; then
		ab_erreur "la sauvegarde du conteneur ${id} a échoué : sa mise à jour est annulée, rien n’a été modifié ni restauré"
		return 2
	fi
	if ! apres=$(ab_sauvegardes_conteneur "$id"); then
		ab_erreur "impossible de relire les sauvegardes du conteneur ${id} : mise à jour annulée"
		return 2
	fi
	# L'archive de cette exécution : celle qui n'existait pas avant vzdump.
	archive=$(comm -13 <(printf '%s\n' "$avant") <(printf '%s\n' "$apres") | sed '/^$/d' | tail -n 1)
	if [[ -z $archive ]]; then
		ab_erreur "vzdump a réussi mais aucune nouvelle archive du conteneur ${id} n’apparaît sur ${AB_STOCKAGE_SAUVEGARDES} : mise à jour annulée"
		return 2
	fi
	ab_info "sauvegarde faite : ${archive}"
	if pct exec "$id" -- bash "/root/alliance-boreale/services/${service}.sh" mettre-a-jour; then
		ab_fait "mise à jour du conteneur ${id}"
		return 0
	fi
	ab_avertir "la mise à jour du conteneur ${id} a échoué : retour à ${archive}, faite juste avant"
	pct stop "$id" || true
	if ! pct restore "$id" "$archive" --force 1 --storage "$(ab_stockage_conteneurs)"; then
		ab_erreur "la restauration du conteneur ${id} depuis ${archive} a échoué : restaure-le à la main (pct restore ${id} ${archive} --force 1)"
		return 3
	fi
	if ! pct start "$id"; then
		ab_erreur "le conteneur ${id} est restauré mais ne démarre pas : voir « pct start ${id} »"
		return 3
	fi
	ab_info "conteneur ${id} restauré depuis ${archive} et redémarré"
	return 1
}

# ---------- de Proxmox VE 8 à 9 ----------

# Lance la vérification officielle pve8to9 --full et explique chaque constat en français.
# Réussit s'il n'y a aucun échec (FAIL) ; les avertissements sont à lire avant la mise à niveau.
ab_verifier_pve9() {
	local sortie code=0
	if ! command -v pve8to9 >/dev/null 2>&1; then
		ab_mourir "pve8to9 est introuvable : il vient avec Proxmox VE 8.4 à jour (apt update && apt full-upgrade), puis relance cette commande"
	fi
	sortie=$(pve8to9 --full 2>&1) || code=$?
	printf '%s\n' "$sortie" | awk '
		function montrer(titre, ligne) { sub(/^[A-Z]+: */, "", ligne); printf "  %s : %s\n", titre, ligne }
		/^FAIL:/ { echecs++; montrer("À corriger avant la mise à niveau", $0); next }
		/^WARN:/ { alertes++; montrer("À examiner", $0); next }
		/^PASS:/ { bons++ }
		/^SKIP:/ { sautes++ }
		END {
			printf "\nBilan de pve8to9 : %d point(s) en ordre, %d à examiner, %d à corriger, %d sans objet.\n", bons, alertes, echecs, sautes
		}'
	printf 'Chaque point « à corriger » bloque la mise à niveau ; « à examiner » peut casser un service après.\n'
	printf '%s\n' "Marche officielle : https://pve.proxmox.com/wiki/Upgrade_from_8_to_9 (sauvegarde d’abord : ./deploy.sh backup)."
	if grep -q '^FAIL:' <<<"$sortie" || ((code != 0)); then
		ab_mourir "la mise à niveau vers Proxmox VE 9 n’est pas encore possible : corrige les points ci-dessus puis relance « ./deploy.sh verifier-pve9 »"
	fi
	ab_info "aucun point bloquant : la mise à niveau vers Proxmox VE 9 peut suivre la marche officielle"
}

# ---------- restauration ----------

# Restaure la dernière sauvegarde (ou l'archive donnée) du conteneur ID dans un nouveau
# conteneur, ou à sa place avec « --remplacer ». Le nouveau conteneur reste arrêté :
# il porte la même adresse que l'original (pct restore garde la configuration).
ab_restaurer() {
	local id=${1:-} cible=${2:-} archive=${3:-} stockage
	[[ $id =~ ^[0-9]+$ && ( $cible =~ ^[0-9]+$ || $cible == --remplacer ) ]] ||
		ab_mourir "usage : ./deploy.sh restore ID NOUVEL_ID [ARCHIVE]  ou  ./deploy.sh restore ID --remplacer [ARCHIVE]"
	if [[ -z $archive ]]; then
		archive=$(ab_sauvegardes_conteneur "$id" | tail -n 1)
		[[ -n $archive ]] || ab_mourir "aucune sauvegarde du conteneur ${id} sur ${AB_STOCKAGE_SAUVEGARDES}"
	fi
	stockage=$(ab_stockage_conteneurs) || ab_mourir "aucun stockage n’accepte de conteneurs"
	if [[ $cible == --remplacer ]]; then
		ab_info "conteneur ${id} : remplacé par ${archive}"
		pct stop "$id" || true
		pct restore "$id" "$archive" --force 1 --storage "$stockage"
		pct start "$id"
		ab_fait "conteneur ${id} restauré depuis ${archive} et redémarré"
		return 0
	fi
	if ab_ct_existe "$cible"; then
		ab_mourir "le conteneur ${cible} existe déjà : choisis un numéro libre (pct list), rien n’a été modifié"
	fi
	ab_info "restauration de ${archive} dans le nouveau conteneur ${cible} (l’original ${id} n’est pas touché)"
	pct restore "$cible" "$archive" --storage "$stockage" --unique 1
	ab_fait "conteneur ${cible} restauré, arrêté : il porte l’adresse de ${id} ; change-la (pct set ${cible} --net0 …) avant de le démarrer"
}
