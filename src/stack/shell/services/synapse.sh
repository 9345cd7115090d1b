#!/usr/bin/env bash
# Matrix Synapse + client web Element — s'exécute dans son conteneur, lancé par deploy.sh.
# Route : dépôt apt officiel packages.matrix.org (clé vérifiée par empreinte,
# version épinglée) ; Element depuis l'archive publiée, sha256 vérifié par l'hôte et ici.
set -Eeuo pipefail
# shellcheck source=lib/service.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/service.sh"

readonly CLE=/usr/share/keyrings/matrix-org-archive-keyring.gpg
readonly CONF_D=/etc/matrix-synapse/conf.d
readonly SECRET_ENREGISTREMENT="${CONF_D}/alliance-boreale-secret.yaml"
readonly ELEMENT=/var/www/element
read -r -a PAQUETS <<<"$AB_SYNAPSE_PAQUETS"
readonly PAQUETS

depot_ajouter() {
	ab_depot_ecrire matrix-org "$AB_SYNAPSE_URIS" "$AB_SYNAPSE_SUITES" "$AB_SYNAPSE_COMPOSANTS" "$CLE" "$AB_SYNAPSE_EPINGLES"
	apt-get update
}

# Le nom du serveur est demandé par debconf à l'installation : on répond d'avance.
# nginx sert le client web Element au mandataire.
synapse_installer() {
	printf '%s\n' "matrix-synapse-py3 matrix-synapse/server-name string ${AB_SYNAPSE_FQDN}" \
		'matrix-synapse-py3 matrix-synapse/report-stats boolean false' | debconf-set-selections
	ab_apt_installer "${PAQUETS[@]}" postgresql nginx
}

role_present() { [[ $(runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'matrix-synapse'") == 1 ]]; }
base_presente() { [[ $(runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'synapse'") == 1 ]]; }
# Synapse exige une base en collation C ; la connexion passe par le socket (authentification « peer »).
base_creer() {
	runuser -u postgres -- createdb --encoding=UTF8 --locale=C --template=template0 --owner=matrix-synapse synapse
}

secret_present() { [[ -s $SECRET_ENREGISTREMENT ]]; }
secret_creer() {
	(
		umask 027
		printf 'registration_shared_secret: "%s"\n' "$(ab_aleatoire)" >"$SECRET_ENREGISTREMENT"
	)
	chgrp matrix-synapse "$SECRET_ENREGISTREMENT"
}

admin_present() { [[ -f /etc/alliance-boreale/synapse-admin.ok ]]; }
# Le mot de passe est lu dans un fichier (--password-file), jamais passé en argument.
admin_creer() {
	local tmp
	tmp=$(mktemp)
	ab_secret_lire synapse-admin | tr -d '\n' >"$tmp"
	register_new_matrix_user -c "$SECRET_ENREGISTREMENT" -u admin --password-file "$tmp" --admin http://localhost:8008
	rm -f "$tmp"
	install -d -m 0700 /etc/alliance-boreale
	touch /etc/alliance-boreale/synapse-admin.ok
}

element_en_place() { [[ -f ${ELEMENT}/.alliance-boreale-archive && $(<"${ELEMENT}/.alliance-boreale-archive") == "$AB_ELEMENT_SHA256" ]]; }
element_extraire() {
	local archive="${AB_CHARGE}/${AB_ELEMENT_ARCHIVE}" neuf
	[[ $(ab_somme_fichier "$archive") == "$AB_ELEMENT_SHA256" ]] || ab_mourir "somme inattendue pour ${AB_ELEMENT_ARCHIVE} : archive refusée"
	neuf=$(mktemp -d /var/www/element.nouveau.XXXXXX)
	tar -xzf "$archive" -C "$neuf" --strip-components=1
	install -m 0644 "${AB_ICI}/fichiers/synapse/element-config.json" "${neuf}/config.json"
	printf '%s\n' "$AB_ELEMENT_SHA256" >"${neuf}/.alliance-boreale-archive"
	chmod 0755 "$neuf"
	rm -rf "$ELEMENT"
	mv "$neuf" "$ELEMENT"
}

site_present() { [[ -L /etc/nginx/sites-enabled/element.conf ]]; }
site_defaut_absent() { [[ ! -e /etc/nginx/sites-enabled/default ]]; }

attendre_synapse() {
	local essai
	for essai in $(seq 1 30); do
		curl -fsS http://localhost:8008/health >/dev/null 2>&1 && return 0
		sleep 2
	done
	ab_mourir "Synapse ne répond pas sur le port 8008 après ${essai} essais : voir journalctl -u matrix-synapse"
}

installer() {
	ab_conteneur_base
	ab_assurer "clé du dépôt Matrix (${AB_SYNAPSE_EMPREINTE})" ab_depot_cle_conforme "$CLE" "$AB_SYNAPSE_EMPREINTE" -- \
		ab_depot_cle_installer "$AB_SYNAPSE_CLE_URL" "$CLE" "$AB_SYNAPSE_EMPREINTE"
	ab_assurer "dépôt Matrix épinglé sur ${AB_SYNAPSE_VERSION}" ab_depot_present matrix-org "$AB_SYNAPSE_EPINGLES" -- depot_ajouter
	ab_assurer "paquets Synapse, PostgreSQL et nginx (Element)" ab_paquets_presents "${PAQUETS[@]}" postgresql nginx -- synapse_installer
	ab_assurer "rôle PostgreSQL matrix-synapse" role_present -- runuser -u postgres -- createuser matrix-synapse
	ab_assurer "base PostgreSQL synapse (collation C)" base_presente -- base_creer
	ab_assurer "secret d’enregistrement" secret_present -- secret_creer
	local change=0
	ab_fichier_assurer "${AB_ICI}/fichiers/synapse/alliance-boreale.yaml" "${CONF_D}/alliance-boreale.yaml" 0644 && change=1
	if ((change)) || ! ab_unite_active matrix-synapse; then systemctl restart matrix-synapse; fi
	attendre_synapse
	ab_assurer "compte admin Matrix" admin_present -- admin_creer
	ab_assurer "Element (archive ${AB_ELEMENT_ARCHIVE})" element_en_place -- element_extraire
	change=0
	ab_fichier_assurer "${AB_ICI}/fichiers/synapse/element-nginx.conf" /etc/nginx/sites-available/element.conf 0644 && change=1
	ab_assurer "site nginx par défaut retiré" site_defaut_absent -- rm -f /etc/nginx/sites-enabled/default
	ab_assurer "site Element activé" site_present -- ln -sfn ../sites-available/element.conf /etc/nginx/sites-enabled/element.conf
	nginx -t
	if ((change)) || ! ab_unite_active nginx; then systemctl reload-or-restart nginx; fi
}

mettre_a_jour() {
	ab_conteneur_mettre_a_jour
	systemctl restart matrix-synapse
	attendre_synapse
}

ab_service_principal "$@"
