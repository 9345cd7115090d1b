#!/usr/bin/env bats
# Le paquet généré, exécuté contre des doublures enregistreuses de pct, pveam,
# pvesh, apt-get, systemctl… Rien ne touche la vraie machine : tous les chemins
# passent par AB_RACINE, un dossier jetable.
# Variables fournies par tests/stack/shell.test.ts :
#   AB_TEST_PAQUET           paquet généré pour tests/stack/fixtures/banc.yaml
#   AB_TEST_TELECHARGEMENTS  fichiers servis par la doublure de curl
#   AB_TEST_PLAN_NOMBRE      nombre d’actions du plan (calculé, jamais écrit ici)

setup() {
	: "${AB_TEST_PAQUET:?paquet de test manquant (lancer via vitest)}"
	cp -r "$AB_TEST_PAQUET" "$BATS_TEST_TMPDIR/paquet"
	PAQUET="$BATS_TEST_TMPDIR/paquet"
	export AB_RACINE="$BATS_TEST_TMPDIR/racine"
	export AB_TEST_ETAT="$BATS_TEST_TMPDIR/etat"
	export AB_TEST_APPELS="$BATS_TEST_TMPDIR/appels"
	mkdir -p "$AB_RACINE"/{etc,proc,var/lib} "$AB_TEST_ETAT/dpkg"
	printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\n' >"$AB_RACINE/etc/os-release"
	printf '127.0.0.1 localhost\n127.0.1.1 pve.banc.lan pve\n' >"$AB_RACINE/etc/hosts"
	printf 'processor : 0\nflags : fpu vme de pse vmx sse sse2\n' >"$AB_RACINE/proc/cpuinfo"
	printf 'MemTotal:       33554432 kB\n' >"$AB_RACINE/proc/meminfo"
	touch "$AB_TEST_ETAT/dpkg/"{linux-image-amd64,linux-image-6.1.0-28-amd64,os-prober}
	echo 6.1.0-28-amd64 >"$AB_TEST_ETAT/noyau"
	: >"$AB_TEST_APPELS"
	# Proxmox VE installé sur Debian : seul le stockage « local » (dossier) existe, 500 Gio libres.
	mkdir -p "$AB_TEST_ETAT/stockages"
	echo 'dir iso,vztmpl,backup,rootdir,images,snippets 524288000' >"$AB_TEST_ETAT/stockages/local"
	# Réseau de départ : eno1 porte l'adresse de l'hôte, comme après l'installation de Debian.
	mkdir -p "$AB_TEST_ETAT/liens" "$AB_RACINE/etc/network"
	echo 192.168.50.10/24 >"$AB_TEST_ETAT/liens/eno1"
	printf 'auto lo\niface lo inet loopback\n\nauto eno1\niface eno1 inet static\n\taddress 192.168.50.10/24\n\tgateway 192.168.50.1\n' >"$AB_RACINE/etc/network/interfaces"
	export AB_RESEAU_DELAI=30
	# Sans terminal, le nouveau réseau n’est gardé que sur demande expresse (tâche automatique).
	export AB_RESEAU_CONFIRMATION=auto
	# Le mot de passe PBS vient du serveur de sauvegarde : il est fourni, jamais inventé.
	mkdir -p -m 0700 "$AB_RACINE/etc/alliance-boreale/secrets"
	(umask 077 && echo 'mdp-pbs-banc' >"$AB_RACINE/etc/alliance-boreale/secrets/pbs")
	PATH="$BATS_TEST_DIRNAME/bin:$PATH"
}

# Appels qui changent quelque chose (les lectures pct status, pveam list… sont exclues).
appels_modifiants() {
	grep -E '^(pct|pveam|pvesh|pvecm|apt-get|systemctl|hostnamectl|update-grub|ifreload|nft|debconf-set-selections) ' "$AB_TEST_APPELS" |
		grep -vE '^(pct (status|config|list)|pct exec [0-9]+ -- (cat|test)|pveam (list|available)|pvesh get|pvecm status|systemctl is-(enabled|active))( |$)' || true
}

# Appels attendus d'après plan.json pour les actions que la sortie dit « appliqué (id) ».
appels_attendus() {
	local id commande
	grep -oE 'appliqué \([^)]+\)$' <<<"$1" | sed -E 's/^appliqué \((.*)\)$/\1/' | while IFS= read -r id; do
		awk -F '\t' -v id="$id" '$1 == id { print $2 }' "$AB_TEST_PAQUET/../attendus.tsv" | while IFS= read -r commande; do
			# Les fonctions du paquet (« $(ab_stockage_conteneurs) ») se résolvent comme dans apply.
			(cd "$PAQUET" && . lib/commun.sh && . lib/hote.sh && . config/site.env && eval "set -- $commande" && printf '%s\n' "$*")
		done
	done | grep -E '^(pct|pveam|pvesh|pvecm|apt-get|systemctl|hostnamectl|update-grub|ifreload|nft|debconf-set-selections) ' || true
}

# La sortie contient ce texte (espaces insécables de la typographie française ramenées à des espaces).
contient() {
	local texte=${output//$'\xc2\xa0'/ }
	texte=${texte//$'\xe2\x80\xaf'/ }
	[[ $texte == *"$1"* ]]
}

appliquer_jusqu_au_bout() {
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -eq 3 ]
	echo 6.8.12-4-pve >"$AB_TEST_ETAT/noyau"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -eq 0 ]
}

@test "plan : affiche chaque action et ne modifie rien" {
	run "$PAQUET/deploy.sh" plan
	[ "$status" -eq 0 ]
	contient "Installer Proxmox VE : à faire"
	[[ $output == *'$ pct create 110 '* ]]
	[ -z "$(appels_modifiants)" ]
	[ ! -e "$AB_RACINE/etc/hostname" ]
	[ ! -d "$AB_RACINE/var/log" ]
}

@test "apply : s'arrête pour demander le redémarrage sur le noyau Proxmox" {
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -eq 3 ]
	contient "Redémarre (systemctl reboot)"
	grep -qx 'apt-get install -y proxmox-default-kernel' "$AB_TEST_APPELS"
	! grep -q '^pct create' "$AB_TEST_APPELS"
	grep -q '^192.168.50.10 pve.banc.lan pve$' "$AB_RACINE/etc/hosts"
	grep -q '^# 127.0.1.1 pve.banc.lan pve' "$AB_RACINE/etc/hosts"
}

@test "apply : les appels aux outils sont exactement ceux du plan, dans l'ordre" {
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -eq 3 ]
	local sortie=$output
	echo 6.8.12-4-pve >"$AB_TEST_ETAT/noyau"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -eq 0 ]
	sortie+=$'\n'$output
	diff <(appels_attendus "$sortie") <(appels_modifiants)
	[ "$(grep -c '^pct create' "$AB_TEST_APPELS")" -eq 5 ]
	grep -q '^pvesh create /cluster/backup --id ab-banc ' "$AB_TEST_APPELS"
	grep -q '^pvecm create banc --link0 192.168.50.10$' "$AB_TEST_APPELS"
}

@test "apply deux fois : le second passage ne crée rien et dit « déjà en place »" {
	appliquer_jusqu_au_bout
	: >"$AB_TEST_APPELS"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -eq 0 ]
	[ -z "$(appels_modifiants)" ]
	contient "Terminé : 0 action(s) appliquée(s)"
	local n
	n=$(grep -c ': déjà en place$' <<<"$output")
	[ "$n" -eq "$(grep -c 'ab_plan_verifier_[0-9]*()' "$PAQUET/lib/plan.sh")" ]
}

@test "apply : une étape qui échoue arrête tout avec un message clair" {
	export AB_TEST_ECHEC='pct start 111'
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -eq 3 ]
	echo 6.8.12-4-pve >"$AB_TEST_ETAT/noyau"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -ne 0 ]
	contient "échec de l’action"
	contient "Démarrer le conteneur 111"
	contient "la commande « pct start 111 » a renvoyé le code 1"
	! grep -q '^pct start 112' "$AB_TEST_APPELS"
	! grep -q '^pvesh create' "$AB_TEST_APPELS"
	# Le journal de l'exécution garde la même trace.
	grep -rq 'pct start 111' "$AB_RACINE/var/log/alliance-boreale/"
}

@test "apply : une clé Proxmox dont la somme diffère est refusée" {
	local faux="$BATS_TEST_TMPDIR/faux"
	mkdir -p "$faux"
	cp "$AB_TEST_TELECHARGEMENTS"/* "$faux/"
	echo 'clé modifiée' >"$faux/proxmox-banc.gpg"
	AB_TEST_TELECHARGEMENTS=$faux run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -ne 0 ]
	[[ $output == *"somme sha256 inattendue"*"fichier refusé"* ]]
	[ ! -e "$AB_RACINE/usr/share/keyrings/proxmox-release-bookworm.gpg" ]
	! grep -q '^apt-get install -y proxmox-default-kernel' "$AB_TEST_APPELS"
}

@test "apply : une machine qui ne convient pas est refusée sans rien toucher" {
	printf 'VERSION_ID="11"\n' >"$AB_RACINE/etc/os-release"
	printf 'flags : fpu sse\n' >"$AB_RACINE/proc/cpuinfo"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -eq 1 ]
	contient "Debian 12 attendu"
	contient "virtualisation matérielle"
	[ -z "$(appels_modifiants)" ]
	[ ! -e "$AB_RACINE/etc/hostname" ]
}

@test "apply : un secret au mode trop ouvert est refusé" {
	mkdir -p "$AB_RACINE/etc/alliance-boreale/secrets"
	echo 'motdepasse' >"$AB_RACINE/etc/alliance-boreale/secrets/nextcloud-admin"
	chmod 0644 "$AB_RACINE/etc/alliance-boreale/secrets/nextcloud-admin"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -eq 3 ]
	echo 6.8.12-4-pve >"$AB_TEST_ETAT/noyau"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -ne 0 ]
	contient "seul 0600 est accepté"
	[[ $output != *motdepasse* ]]
}

@test "les secrets créés sont en 0600 et n'apparaissent ni à l'écran ni au journal" {
	appliquer_jusqu_au_bout
	local f
	for f in nextcloud-admin collabora-admin synapse-admin pbs; do
		[ "$(stat -c %a "$AB_RACINE/etc/alliance-boreale/secrets/$f")" = 600 ]
		! grep -rqF -- "$(<"$AB_RACINE/etc/alliance-boreale/secrets/$f")" "$AB_RACINE/var/log/alliance-boreale/"
	done
	[ "$(stat -c %a "$AB_RACINE/etc/alliance-boreale/secrets")" = 700 ]
}

@test "status : l'état de chaque action, sans rien modifier" {
	appliquer_jusqu_au_bout
	: >"$AB_TEST_APPELS"
	run "$PAQUET/deploy.sh" status </dev/null
	[ "$status" -eq 0 ]
	contient "0 action(s) à faire sur ${AB_TEST_PLAN_NOMBRE:?}."
	contient "Conteneurs :"
	[ -z "$(appels_modifiants)" ]
}

@test "update : sauvegarde puis met à jour chaque conteneur" {
	appliquer_jusqu_au_bout
	: >"$AB_TEST_APPELS"
	run "$PAQUET/deploy.sh" update </dev/null
	[ "$status" -eq 0 ]
	[ "$(grep -c '^vzdump ' "$AB_TEST_APPELS")" -eq 5 ]
	[ "$(grep -c '^pct exec [0-9]* -- bash /root/alliance-boreale/services/[a-z]*.sh mettre-a-jour$' "$AB_TEST_APPELS")" -eq 5 ]
	! grep -q '^pct restore' "$AB_TEST_APPELS"
}

@test "backup : une sauvegarde vzdump par conteneur" {
	run "$PAQUET/deploy.sh" backup </dev/null
	[ "$status" -eq 0 ]
	[ "$(grep -c '^vzdump ' "$AB_TEST_APPELS")" -eq 5 ]
	grep -q '^vzdump 112 --mode snapshot --compress zstd --storage pbs-banc ' "$AB_TEST_APPELS"
}

@test "update : sauvegarde d'abord, et restaure le conteneur si la mise à jour échoue" {
	appliquer_jusqu_au_bout
	: >"$AB_TEST_APPELS"
	export AB_TEST_ECHEC='pct exec 111 -- bash /root/alliance-boreale/services/nextcloud.sh mettre-a-jour'
	run "$PAQUET/deploy.sh" update </dev/null
	[ "$status" -ne 0 ]
	contient "1 conteneur(s) n’ont pas pu être mis à jour et ont été restaurés"
	grep -n '' "$AB_TEST_APPELS" >"$BATS_TEST_TMPDIR/ordre"
	local sauvegarde restauration
	sauvegarde=$(grep -m1 ':vzdump 111 ' "$BATS_TEST_TMPDIR/ordre" | cut -d: -f1)
	restauration=$(grep -m1 ':pct restore 111 pbs-banc:backup/vzdump-lxc-111-0001.tar.zst --force 1' "$BATS_TEST_TMPDIR/ordre" | cut -d: -f1)
	[ -n "$sauvegarde" ] && [ -n "$restauration" ] && [ "$sauvegarde" -lt "$restauration" ]
	grep -q '^pct exec 112 -- bash /root/alliance-boreale/services/collabora.sh mettre-a-jour$' "$AB_TEST_APPELS"
}

@test "apply sans clavier : le mot de passe PBS manquant est exigé, pas inventé" {
	rm "$AB_RACINE/etc/alliance-boreale/secrets/pbs"
	appliquer_partiel() { "$PAQUET/deploy.sh" apply </dev/null; }
	run appliquer_partiel
	[ "$status" -eq 3 ]
	echo 6.8.12-4-pve >"$AB_TEST_ETAT/noyau"
	run appliquer_partiel
	[ "$status" -ne 0 ]
	contient "le secret « pbs » doit être fourni"
	[ ! -e "$AB_RACINE/etc/alliance-boreale/secrets/pbs" ]
	! grep -q '^pvesh create' "$AB_TEST_APPELS"
}

@test "commande inconnue : aide et code 2" {
	run "$PAQUET/deploy.sh" detruire
	[ "$status" -eq 2 ]
	contient "Usage : ./deploy.sh COMMANDE"
}

@test "un paquet modifié à la main est refusé" {
	echo '# retouche' >>"$PAQUET/lib/plan.sh"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -eq 1 ]
	contient "le paquet a été modifié"
	[ -z "$(appels_modifiants)" ]
}

# #15 point 1 : une sauvegarde ratée ne doit jamais laisser restaurer une archive plus ancienne.
@test "update : une sauvegarde qui échoue arrête la mise à jour, rien n’est restauré" {
	appliquer_jusqu_au_bout
	# Une archive ancienne existe déjà pour 111 (sauvegarde de la semaine passée).
	vzdump 111 --storage pbs-banc
	: >"$AB_TEST_APPELS"
	export AB_TEST_ECHEC='vzdump 111'
	run "$PAQUET/deploy.sh" update </dev/null
	[ "$status" -ne 0 ]
	contient "la sauvegarde du conteneur 111 a échoué"
	contient "mise à jour arrêtée au conteneur 111"
	! grep -q '^pct restore' "$AB_TEST_APPELS"
	! grep -q '^pct exec 111 -- bash /root/alliance-boreale/services/nextcloud.sh mettre-a-jour' "$AB_TEST_APPELS"
	# Les conteneurs suivants ne sont pas touchés.
	! grep -q '^pct exec 112 ' "$AB_TEST_APPELS"
}

@test "update : après un échec, seule l’archive faite par cette exécution est restaurée" {
	appliquer_jusqu_au_bout
	vzdump 111 --storage pbs-banc
	: >"$AB_TEST_APPELS"
	export AB_TEST_ECHEC='pct exec 111 -- bash /root/alliance-boreale/services/nextcloud.sh mettre-a-jour'
	run "$PAQUET/deploy.sh" update </dev/null
	[ "$status" -ne 0 ]
	grep -q '^pct restore 111 pbs-banc:backup/vzdump-lxc-111-0002.tar.zst --force 1' "$AB_TEST_APPELS"
	! grep -q 'vzdump-lxc-111-0001' "$AB_TEST_APPELS"
}

# Fuseaux tels que Debian les installe : America/Montreal est un lien vers Toronto, UTC vers Etc/UTC.
preparer_zoneinfo() {
	local z="$AB_RACINE/usr/share/zoneinfo"
	mkdir -p "$z/America" "$z/Etc" "$z/Europe"
	echo TZif >"$z/America/Toronto"
	echo TZif >"$z/Europe/Paris"
	echo TZif >"$z/Etc/UTC"
	ln -s Toronto "$z/America/Montreal"
	ln -s Etc/UTC "$z/UTC"
}

# #15 point 2 : le fuseau par défaut du Configurateur (America/Montreal) arrêtait chaque service.
@test "fuseau : America/Montreal réglé est reconnu, même si Debian le fait pointer vers Toronto" {
	preparer_zoneinfo
	ln -s /usr/share/zoneinfo/America/Montreal "$AB_RACINE/etc/localtime"
	cd "$PAQUET"
	. lib/commun.sh
	AB_FUSEAU=America/Montreal
	ab_fuseau_conforme
	AB_FUSEAU=America/Toronto
	! ab_fuseau_conforme
}

@test "fuseau : un autre fuseau est réglé puis reconnu (America/Montreal, UTC)" {
	preparer_zoneinfo
	ln -s /usr/share/zoneinfo/Europe/Paris "$AB_RACINE/etc/localtime"
	cd "$PAQUET"
	. lib/commun.sh
	local f
	for f in America/Montreal UTC; do
		AB_FUSEAU=$f
		run ab_assurer "fuseau horaire $f" ab_fuseau_conforme -- ab_fuseau_regler
		[ "$status" -eq 0 ]
		contient "fuseau horaire $f : fait"
		run ab_assurer "fuseau horaire $f" ab_fuseau_conforme -- ab_fuseau_regler
		contient "fuseau horaire $f : déjà en place"
	done
}

# #15 point 4 : « local-lvm » n'existe que sur un Proxmox installé par l'ISO.
@test "stockage : un stockage absent est refusé avant tout conteneur, avec ceux qui conviennent" {
	cp -r "${AB_TEST_PAQUET_LVM:?}" "$BATS_TEST_TMPDIR/lvm"
	run "$BATS_TEST_TMPDIR/lvm/deploy.sh" apply </dev/null
	[ "$status" -eq 3 ]
	echo 6.8.12-4-pve >"$AB_TEST_ETAT/noyau"
	run "$BATS_TEST_TMPDIR/lvm/deploy.sh" apply </dev/null
	[ "$status" -ne 0 ]
	contient "le stockage « local-lvm » n’existe pas sur cette machine"
	contient "stockages qui acceptent des conteneurs : local"
	! grep -q '^pct create' "$AB_TEST_APPELS"
}

@test "stockage : par défaut, les conteneurs vont sur ce que la machine a (local sans local-lvm)" {
	appliquer_jusqu_au_bout
	grep -q '^pct create 110 .* --rootfs local:4 ' "$AB_TEST_APPELS"
	echo 'lvmthin rootdir,images 104857600' >"$AB_TEST_ETAT/stockages/local-lvm"
	cd "$PAQUET" && . lib/commun.sh && . lib/hote.sh && . config/site.env
	[ "$(ab_stockage_conteneurs)" = local-lvm ]
}

@test "stockage : trop peu de place est refusé (stockage épais), seulement signalé (dossier, LVM-thin)" {
	cd "$PAQUET" && . lib/commun.sh && . lib/hote.sh && . config/site.env
	echo 'dir iso,vztmpl,backup,rootdir 1048576' >"$AB_TEST_ETAT/stockages/local"
	run ab_stockage_conforme local rootdir 68
	[ "$status" -eq 0 ]
	contient "n’alloue qu’à l’usage"
	echo 'lvm iso,vztmpl,backup,rootdir 1048576' >"$AB_TEST_ETAT/stockages/local"
	run "$PAQUET/deploy.sh" apply </dev/null
	echo 6.8.12-4-pve >"$AB_TEST_ETAT/noyau"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -ne 0 ]
	contient "il faut"
	contient "Gio"
	! grep -q '^pct create' "$AB_TEST_APPELS"
}

# #15 point 5 : le pont remplaçait /etc/network/interfaces sans vérifier ni pouvoir revenir.
@test "réseau : une interface absente est refusée avant que /etc/network/interfaces change" {
	mv "$AB_TEST_ETAT/liens/eno1" "$AB_TEST_ETAT/liens/enp1s0"
	cp "$AB_RACINE/etc/network/interfaces" "$BATS_TEST_TMPDIR/interfaces.avant"
	run "$PAQUET/deploy.sh" apply </dev/null
	echo 6.8.12-4-pve >"$AB_TEST_ETAT/noyau"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -ne 0 ]
	contient "l’interface « eno1 » (hote.interface) n’existe pas sur cette machine ; interfaces présentes : enp1s0"
	cmp "$AB_RACINE/etc/network/interfaces" "$BATS_TEST_TMPDIR/interfaces.avant"
	! grep -q '^ifreload' "$AB_TEST_APPELS"
	! grep -q '^pct create' "$AB_TEST_APPELS"
}

@test "réseau : un changement non confirmé est annulé et l’ancien fichier revient" {
	cp "$AB_RACINE/etc/network/interfaces" "$BATS_TEST_TMPDIR/interfaces.avant"
	export AB_TEST_ECHEC='ping '
	run "$PAQUET/deploy.sh" apply </dev/null
	echo 6.8.12-4-pve >"$AB_TEST_ETAT/noyau"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -ne 0 ]
	contient "la passerelle 192.168.50.1 ne répond plus"
	contient "l’ancien /etc/network/interfaces est remis"
	cmp "$AB_RACINE/etc/network/interfaces" "$BATS_TEST_TMPDIR/interfaces.avant"
	[ "$(grep -c '^ifreload -a' "$AB_TEST_APPELS")" -eq 2 ]
	[ "$(<"$AB_TEST_ETAT/liens/eno1")" = 192.168.50.10/24 ]
	! grep -q '^pct create' "$AB_TEST_APPELS"
}

@test "réseau : confirmé, le pont porte l’adresse et l’ancien fichier est gardé" {
	cp "$AB_RACINE/etc/network/interfaces" "$BATS_TEST_TMPDIR/interfaces.avant"
	appliquer_jusqu_au_bout
	[ "$(<"$AB_TEST_ETAT/liens/vmbr0")" = 192.168.50.10/24 ]
	cmp "$AB_RACINE/etc/network/interfaces.avant-alliance-boreale" "$BATS_TEST_TMPDIR/interfaces.avant"
	# Le gardien du retour automatique est arrêté : rien ne remettra l'ancien réseau.
	[ ! -e "$AB_RACINE/run/alliance-boreale/retour-reseau.pid" ]
}

@test "réseau : sans confirmation, le retour automatique détaché remet l’ancien réseau" {
	cp "$AB_RACINE/etc/network/interfaces" "$BATS_TEST_TMPDIR/interfaces.avant"
	cd "$PAQUET" && . lib/commun.sh && . lib/hote.sh && . config/site.env
	AB_RESEAU_DELAI=4
	ab_reseau_garder_precedent
	ab_installer_fichier fichiers/hote/etc/network/interfaces /etc/network/interfaces 0644
	ifreload -a
	[ "$(<"$AB_TEST_ETAT/liens/vmbr0")" = 192.168.50.10/24 ]
	local gardien
	gardien=$(<"$AB_RACINE/run/alliance-boreale/retour-reseau.pid")
	# Comme une session SSH coupée : un SIGHUP, personne ne confirme ; le gardien agit seul.
	kill -HUP "$gardien"
	local n=0
	while kill -0 "$gardien" 2>/dev/null && ((n++ < 40)); do sleep 0.5; done
	cmp "$AB_RACINE/etc/network/interfaces" "$BATS_TEST_TMPDIR/interfaces.avant"
	[ "$(<"$AB_TEST_ETAT/liens/eno1")" = 192.168.50.10/24 ]
}

# #15 point 9 : le nom du modèle était écrit en dur ; l'index de pveam ne garde que la dernière construction.
@test "modèle : la construction la plus récente de l’index est téléchargée puis utilisée" {
	appliquer_jusqu_au_bout
	grep -qx 'pveam download local debian-12-standard_12.13-1_amd64.tar.zst' "$AB_TEST_APPELS"
	grep -q '^pct create 110 local:vztmpl/debian-12-standard_12.13-1_amd64.tar.zst ' "$AB_TEST_APPELS"
	cd "$PAQUET" && . lib/commun.sh && . lib/hote.sh
	touch "$AB_TEST_ETAT/modeles/debian-13-standard_13.9-1_amd64.tar.zst" "$AB_TEST_ETAT/modeles/debian-13-standard_13.10-1_amd64.tar.zst"
	[ "$(ab_modele_local local debian-13-standard)" = local:vztmpl/debian-13-standard_13.10-1_amd64.tar.zst ]
}

# #15 point 10 : le mot de passe PBS passait en argument de pvesm (visible dans ps).
@test "secrets : le mot de passe PBS ne passe par aucune ligne de commande ; fichier 0600 lu par Proxmox" {
	appliquer_jusqu_au_bout
	! grep -q 'mdp-pbs-banc' "$AB_TEST_APPELS"
	grep -q '^pvesm add pbs pbs-banc ' "$AB_TEST_APPELS"
	[ "$(stat -c %a "$AB_RACINE/etc/pve/priv/storage/pbs-banc.pw")" = 600 ]
	[ "$(<"$AB_RACINE/etc/pve/priv/storage/pbs-banc.pw")" = mdp-pbs-banc ]
}

@test "restore : la dernière sauvegarde revient dans un nouveau conteneur, l’original n’est pas touché" {
	appliquer_jusqu_au_bout
	vzdump 111 --storage pbs-banc
	vzdump 111 --storage pbs-banc
	: >"$AB_TEST_APPELS"
	run "$PAQUET/deploy.sh" restore 111 911 </dev/null
	[ "$status" -eq 0 ]
	grep -qx 'pct restore 911 pbs-banc:backup/vzdump-lxc-111-0002.tar.zst --storage local --unique 1' "$AB_TEST_APPELS"
	! grep -qE '^pct (stop|restore|start) 111' "$AB_TEST_APPELS"
	contient "restauré, arrêté"
	# Un numéro déjà pris est refusé sans rien toucher.
	: >"$AB_TEST_APPELS"
	run "$PAQUET/deploy.sh" restore 111 112 </dev/null
	[ "$status" -ne 0 ]
	contient "le conteneur 112 existe déjà"
	! grep -q '^pct restore' "$AB_TEST_APPELS"
}

@test "sauvegardes locales : un avertissement fort quand elles vont sur le disque des conteneurs" {
	cp -r "${AB_TEST_PAQUET_LOCAL:?}" "$BATS_TEST_TMPDIR/local"
	run "$BATS_TEST_TMPDIR/local/deploy.sh" backup </dev/null
	[ "$status" -eq 0 ]
	contient "le disque même des conteneurs"
	run "$PAQUET/deploy.sh" backup </dev/null
	[[ $output != *"le disque même des conteneurs"* ]]
}

@test "verifier-pve9 : pve8to9 --full expliqué en français, refus tant qu’un échec reste" {
	run "$PAQUET/deploy.sh" verifier-pve9 </dev/null
	[ "$status" -ne 0 ]
	grep -qx 'pve8to9 --full' "$AB_TEST_APPELS"
	contient "À corriger avant la mise à niveau : systemd-boot meta-package installed"
	contient "À examiner : "
	contient "Bilan de pve8to9 : 2 point(s) en ordre, 1 à examiner, 1 à corriger"
	contient "Upgrade_from_8_to_9"
}

@test "réseau : sans terminal ni AB_RESEAU_CONFIRMATION=auto, le changement n’est pas confirmé et revient" {
	unset AB_RESEAU_CONFIRMATION
	cp "$AB_RACINE/etc/network/interfaces" "$BATS_TEST_TMPDIR/interfaces.avant"
	run "$PAQUET/deploy.sh" apply </dev/null
	echo 6.8.12-4-pve >"$AB_TEST_ETAT/noyau"
	run "$PAQUET/deploy.sh" apply </dev/null
	[ "$status" -ne 0 ]
	contient "n’a pas été confirmé"
	cmp "$AB_RACINE/etc/network/interfaces" "$BATS_TEST_TMPDIR/interfaces.avant"
}

# Nextcloud déjà installé (ancienne version, une application de l'App Store), et ses fonctions.
preparer_nextcloud() {
	local web="$AB_RACINE/var/www/nextcloud"
	mkdir -p "$web/config" "$web/apps/files" "$web/apps/calendar" "$AB_RACINE/root/alliance-boreale"
	echo '<?php $CONFIG = [];' >"$web/config/config.php"
	echo 'ancienne' >"$web/version.php"
	echo ancienne >"$web/.alliance-boreale-archive"
	cp "$AB_TEST_TELECHARGEMENTS/nextcloud-banc.tar.bz2" "$AB_RACINE/root/alliance-boreale/"
	# Le script sans sa dernière ligne (ab_service_principal) : ses fonctions seulement.
	sed '$d' "$PAQUET/services/nextcloud.sh" >"$PAQUET/services/nextcloud-fonctions.sh"
}

# #15 point 7 : la marque « fait » était écrite avant occ upgrade ; les applications de l'App Store disparaissaient.
@test "nextcloud : mise à niveau — applications de l’App Store gardées, marque écrite après occ upgrade" {
	preparer_nextcloud
	# Chargé dans le corps du test : les « declare » de site.env y restent visibles.
	cd "$PAQUET" && . services/nextcloud-fonctions.sh
	archive_extraire
	local web="$AB_RACINE/var/www/nextcloud"
	grep -q '99, 0, 0' "$web/version.php"
	[ -d "$web/apps/calendar" ]
	[ "$(<"$web/.alliance-boreale-archive")" = "$AB_NEXTCLOUD_SHA256" ]
	[ ! -e "$web.ancien" ]
	# Ordre : maintenance, sauvegarde de la base, upgrade, fin de maintenance.
	grep -n '' "$AB_TEST_APPELS" | grep -E 'maintenance:mode|pg_dump|occ --no-interaction upgrade' | cut -d: -f2- >"$BATS_TEST_TMPDIR/ordre"
	grep -q 'maintenance:mode --on' <(sed -n 1p "$BATS_TEST_TMPDIR/ordre")
	grep -q 'pg_dump' <(sed -n 2p "$BATS_TEST_TMPDIR/ordre")
	grep -q 'upgrade' <(sed -n 3p "$BATS_TEST_TMPDIR/ordre")
	grep -q 'maintenance:mode --off' <(sed -n 4p "$BATS_TEST_TMPDIR/ordre")
}

@test "nextcloud : occ upgrade qui échoue — ancienne version et base remises, maintenance levée, pas de marque" {
	preparer_nextcloud
	cd "$PAQUET" && . services/nextcloud-fonctions.sh
	export AB_TEST_ECHEC="runuser -u www-data -- php $AB_RACINE/var/www/nextcloud/occ --no-interaction upgrade"
	run archive_extraire
	[ "$status" -ne 0 ]
	contient "mise à niveau de Nextcloud vers nextcloud-banc.tar.bz2 annulée"
	local web="$AB_RACINE/var/www/nextcloud"
	[ "$(<"$web/version.php")" = ancienne ]
	[ "$(<"$web/.alliance-boreale-archive")" = ancienne ]
	grep -q '^runuser -u postgres -- pg_restore --clean --if-exists -d nextcloud ' "$AB_TEST_APPELS"
	[ "$(grep -c 'maintenance:mode --off' "$AB_TEST_APPELS")" -eq 1 ]
}

# Fonctions du script du mandataire, sans sa dernière ligne.
preparer_proxy() {
	sed '$d' "$PAQUET/services/proxy.sh" >"$PAQUET/services/proxy-fonctions.sh"
	mkdir -p "$AB_RACINE/etc/systemd/system" "$AB_RACINE/var/www"
}

# #15 point 6 : certificats de l'autorité locale sans serverAuth, jamais renouvelés.
@test "tls : certificat local avec serverAuth, renouvelé par un minuteur systemd" {
	preparer_proxy
	cd "$PAQUET" && . services/proxy-fonctions.sh
	certificat_interne
	openssl x509 -in "$AB_RACINE/etc/ssl/alliance-boreale/fullchain.pem" -noout -ext extendedKeyUsage | grep -q 'TLS Web Server Authentication'
	certificat_present
	run ab_assurer "renouvellement" renouvellement_present -- renouvellement_creer
	[ "$status" -eq 0 ]
	grep -qx 'OnCalendar=daily' "$AB_RACINE/etc/systemd/system/alliance-boreale-certificat.timer"
	grep -q 'services/proxy.sh renouveler$' "$AB_RACINE/etc/systemd/system/alliance-boreale-certificat.service"
	grep -q '^systemctl enable --now alliance-boreale-certificat.timer' "$AB_TEST_APPELS"
}

# #15 point 6 : en mode acme, ajouter un service remplaçait le certificat public par l'interne avant certbot.
@test "tls acme : un certificat en place n’est pas remplacé par l’amorce, ni perdu si certbot échoue" {
	preparer_proxy
	cd "$PAQUET" && . services/proxy-fonctions.sh
	local certs="$AB_RACINE/etc/ssl/alliance-boreale"
	mkdir -p "$certs"
	# Le certificat public en place ne couvre pas encore le nouveau nom.
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 60 -subj /CN=public -keyout "$certs/privkey.pem" -out "$certs/fullchain.pem" 2>/dev/null
	cp "$certs/fullchain.pem" "$BATS_TEST_TMPDIR/public.pem"
	! certificat_present
	run ab_assurer "certificat TLS d’amorce" certificat_existe -- certificat_interne
	[ "$status" -eq 0 ]
	contient "déjà en place"
	cmp "$certs/fullchain.pem" "$BATS_TEST_TMPDIR/public.pem"
	export AB_TEST_ECHEC=certbot
	run acme_obtenir
	[ "$status" -ne 0 ]
	cmp "$certs/fullchain.pem" "$BATS_TEST_TMPDIR/public.pem"
}

@test "conteneurs : les noms publics mènent au mandataire sans passer par le routeur" {
	cd "$PAQUET" && . lib/commun.sh && . config/site.env
	! ab_noms_publics_presents
	ab_noms_publics_ajouter
	ab_noms_publics_presents
	grep -qx '192.168.50.20 nuage.banc.lan # Alliance Boréale : par le mandataire' "$AB_RACINE/etc/hosts"
	ab_noms_publics_ajouter
	[ "$(grep -c 'nuage.banc.lan # Alliance' "$AB_RACINE/etc/hosts")" -eq 1 ]
}
