#!/usr/bin/env bash
# Collabora Online (CODE) — s'exécute dans son conteneur, lancé par deploy.sh.
# Route : dépôt apt officiel de Collabora ; la clé n'est acceptée que si son
# empreinte est celle publiée, et la version est épinglée par apt_preferences.
set -Eeuo pipefail
# shellcheck source=lib/service.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/service.sh"

readonly CLE=/usr/share/keyrings/collaboraonline-release-keyring.gpg
read -r -a PAQUETS <<<"$AB_COLLABORA_PAQUETS"
readonly PAQUETS

depot_ajouter() {
	ab_depot_ecrire collaboraonline "$AB_COLLABORA_URIS" "$AB_COLLABORA_SUITES" "$AB_COLLABORA_COMPOSANTS" "$CLE" "$AB_COLLABORA_EPINGLES"
	apt-get update
}

# Réglages de coolwsd.xml voulus ; une marque garde ceux déjà appliqués.
# TLS est terminé par le mandataire ; seul Nextcloud peut ouvrir des documents.
readonly REGLAGES="ssl.enable=false ssl.termination=true server_name=${AB_COLLABORA_FQDN} storage.wopi.host=${AB_NEXTCLOUD_FQDN}"
readonly MARQUE_REGLAGES=/etc/alliance-boreale/collabora-reglages

REDEMARRER=0
reglages_conformes() { [[ -f $MARQUE_REGLAGES && $(<"$MARQUE_REGLAGES") == "$REGLAGES" ]]; }
reglages_appliquer() {
	local paire
	for paire in $REGLAGES; do
		coolconfig set "${paire%%=*}" "${paire#*=}"
	done
	install -d -m 0700 "$(dirname "$MARQUE_REGLAGES")"
	printf '%s\n' "$REGLAGES" >"$MARQUE_REGLAGES"
	REDEMARRER=1
}

admin_present() { [[ -f /etc/alliance-boreale/collabora-admin.ok ]]; }

# Le mot de passe passe par l'entrée standard de coolconfig, jamais par ses arguments.
admin_definir() {
	local mdp
	mdp=$(ab_secret_lire collabora-admin)
	printf 'admin\n%s\n%s\n' "$mdp" "$mdp" | coolconfig set-admin-password >/dev/null
	install -d -m 0700 /etc/alliance-boreale
	touch /etc/alliance-boreale/collabora-admin.ok
	REDEMARRER=1
}

installer() {
	ab_conteneur_base
	ab_assurer "clé du dépôt Collabora (${AB_COLLABORA_EMPREINTE})" ab_depot_cle_conforme "$CLE" "$AB_COLLABORA_EMPREINTE" -- \
		ab_depot_cle_installer "$AB_COLLABORA_CLE_URL" "$CLE" "$AB_COLLABORA_EMPREINTE"
	ab_assurer "dépôt Collabora épinglé sur ${AB_COLLABORA_VERSION}" ab_depot_present collaboraonline "$AB_COLLABORA_EPINGLES" -- depot_ajouter
	ab_assurer "paquets ${PAQUETS[*]}" ab_paquets_presents "${PAQUETS[@]}" hunspell-fr -- ab_apt_installer "${PAQUETS[@]}" hunspell-fr
	ab_assurer "réglages de coolwsd" reglages_conformes -- reglages_appliquer
	ab_assurer "compte d’administration de la console" admin_present -- admin_definir
	if ((REDEMARRER)) || ! ab_unite_active coolwsd; then
		systemctl enable coolwsd
		systemctl restart coolwsd
	fi
}

mettre_a_jour() {
	ab_conteneur_mettre_a_jour
	systemctl restart coolwsd
}

ab_service_principal "$@"
