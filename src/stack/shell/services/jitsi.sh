#!/usr/bin/env bash
# Jitsi Meet — s'exécute dans son conteneur, lancé par deploy.sh.
# Route : dépôt apt officiel download.jitsi.org (clé vérifiée par empreinte,
# version épinglée). Jitsi garde son nginx (certificat auto-signé) derrière le
# mandataire ; le flux vidéo passe en UDP 10000 directement vers ce conteneur.
set -Eeuo pipefail
# shellcheck source=lib/service.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/service.sh"

readonly CLE=/usr/share/keyrings/jitsi-keyring.gpg
read -r -a PAQUETS <<<"$AB_JITSI_PAQUETS"
readonly PAQUETS

depot_ajouter() {
	ab_depot_ecrire jitsi "$AB_JITSI_URIS" "$AB_JITSI_SUITES" "$AB_JITSI_COMPOSANTS" "$CLE" "$AB_JITSI_EPINGLES"
	apt-get update
}

# Les questions de l'installateur reçoivent leurs réponses d'avance (nom public, certificat auto-signé).
jitsi_installer() {
	printf '%s\n' \
		"jitsi-videobridge2 jitsi-videobridge/jvb-hostname string ${AB_JITSI_FQDN}" \
		'jitsi-meet-web-config jitsi-meet/cert-choice select Generate a new self-signed certificate' \
		'jitsi-meet-web-config jitsi-meet/jaas-choice boolean false' | debconf-set-selections
	ab_apt_installer "${PAQUETS[@]}"
}

installer() {
	ab_conteneur_base
	ab_assurer "clé du dépôt Jitsi (${AB_JITSI_EMPREINTE})" ab_depot_cle_conforme "$CLE" "$AB_JITSI_EMPREINTE" -- \
		ab_depot_cle_installer "$AB_JITSI_CLE_URL" "$CLE" "$AB_JITSI_EMPREINTE"
	ab_assurer "dépôt Jitsi épinglé sur ${AB_JITSI_VERSION}" ab_depot_present jitsi "$AB_JITSI_EPINGLES" -- depot_ajouter
	ab_assurer "paquets Jitsi Meet" ab_paquets_presents "${PAQUETS[@]}" -- jitsi_installer
	local unite
	for unite in prosody jicofo jitsi-videobridge2 nginx; do
		ab_assurer "service ${unite} actif" ab_unite_active "$unite" -- systemctl restart "$unite"
	done
}

mettre_a_jour() {
	ab_conteneur_mettre_a_jour
	systemctl restart prosody jicofo jitsi-videobridge2
}

ab_service_principal "$@"
