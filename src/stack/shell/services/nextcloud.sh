#!/usr/bin/env bash
# Nextcloud (fichiers, agenda, contacts) — s'exécute dans son conteneur, lancé par deploy.sh.
# Route : archive officielle vérifiée par l'hôte (sha256) puis vérifiée ici de nouveau,
# PHP-FPM, PostgreSQL et Redis de Debian, nginx interne sur le port 80.
set -Eeuo pipefail
# shellcheck source=lib/service.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/service.sh"

# Sous AB_RACINE en test (vide dans le conteneur).
WEB=$(ab_chemin /var/www/nextcloud)
readonly WEB
readonly DONNEES=/var/lib/nextcloud/data
readonly SECRET_BD=/etc/alliance-boreale/secrets/nextcloud-bd
readonly MARQUE_ARCHIVE="${WEB}/.alliance-boreale-archive"
readonly -a PAQUETS=(nginx postgresql redis-server bzip2 php-fpm php-gd php-pgsql php-curl php-mbstring
	php-intl php-gmp php-bcmath php-xml php-zip php-apcu php-redis php-imagick php-bz2)

occ() { runuser -u www-data -- php "${WEB}/occ" --no-interaction "$@"; }

role_present() { [[ $(runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'nextcloud'") == 1 ]]; }
base_presente() { [[ $(runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'nextcloud'") == 1 ]]; }

# Le mot de passe passe par l'entrée standard de psql, jamais par la ligne de commande.
# (ab_aleatoire ne produit que des lettres et des chiffres : pas de guillemet à échapper.)
role_creer() {
	local mdp
	mdp=$(<"$SECRET_BD")
	runuser -u postgres -- psql -v ON_ERROR_STOP=1 <<FIN
CREATE ROLE nextcloud LOGIN PASSWORD '${mdp}';
FIN
}

archive_en_place() { [[ -f $MARQUE_ARCHIVE && $(<"$MARQUE_ARCHIVE") == "$AB_NEXTCLOUD_SHA256" ]]; }

# Extrait la version épinglée. Une première installation met l'arbre en place ;
# une version déjà installée passe par mise_a_niveau.
archive_extraire() {
	local archive neuf
	archive=$(ab_chemin "${AB_CHARGE}/${AB_NEXTCLOUD_ARCHIVE}")
	[[ $(ab_somme_fichier "$archive") == "$AB_NEXTCLOUD_SHA256" ]] || ab_mourir "somme inattendue pour ${AB_NEXTCLOUD_ARCHIVE} : archive refusée"
	neuf=$(mktemp -d "$(ab_chemin /var/www)/nextcloud.nouveau.XXXXXX")
	tar -xjf "$archive" -C "$neuf" --strip-components=1
	if [[ -f ${WEB}/config/config.php ]]; then
		mise_a_niveau "$neuf"
		return
	fi
	mv "$neuf" "$WEB"
	chown -R www-data:www-data "$WEB"
	printf '%s\n' "$AB_NEXTCLOUD_SHA256" >"$MARQUE_ARCHIVE"
}

# Remplace l'arbre en gardant config.php et les applications de l'App Store, sauvegarde
# la base, lance occ upgrade, et n'écrit la marque qu'après sa réussite. En cas d'échec :
# ancien arbre et ancienne base remis, mode maintenance levé, arrêt avec un message clair.
mise_a_niveau() {
	local neuf=$1 app dump
	cp -a "${WEB}/config/config.php" "${neuf}/config/config.php"
	# Les applications installées depuis l'App Store ne sont pas dans l'archive.
	for app in "${WEB}"/apps/*/; do
		app=${app%/}
		[[ -e ${neuf}/apps/${app##*/} ]] || cp -a "$app" "${neuf}/apps/"
	done
	occ maintenance:mode --on
	dump=$(ab_chemin /var/backups/alliance-boreale/nextcloud-avant-mise-a-niveau.dump)
	install -d -m 0700 "$(dirname "$dump")"
	runuser -u postgres -- pg_dump -Fc nextcloud >"$dump"
	rm -rf "${WEB}.ancien"
	mv "$WEB" "${WEB}.ancien"
	mv "$neuf" "$WEB"
	chown -R www-data:www-data "$WEB"
	if ! occ upgrade; then
		ab_erreur "occ upgrade a échoué : retour à la version précédente et à la base d’avant"
		rm -rf "$WEB"
		mv "${WEB}.ancien" "$WEB"
		runuser -u postgres -- pg_restore --clean --if-exists -d nextcloud "$dump"
		occ maintenance:mode --off
		ab_mourir "mise à niveau de Nextcloud vers ${AB_NEXTCLOUD_ARCHIVE} annulée ; l’ancienne version tourne de nouveau (base gardée dans ${dump#"$AB_RACINE"})"
	fi
	occ maintenance:mode --off
	printf '%s\n' "$AB_NEXTCLOUD_SHA256" >"$MARQUE_ARCHIVE"
	rm -rf "${WEB}.ancien"
}

installe() { occ status --output=json 2>/dev/null | grep -q '"installed":true'; }

# occ maintenance:install n'accepte les mots de passe qu'en arguments : ils ne vivent que dans ce conteneur.
installer_nextcloud() {
	install -d -o www-data -g www-data -m 0750 "$DONNEES"
	occ maintenance:install --database pgsql --database-host localhost --database-name nextcloud \
		--database-user nextcloud --database-pass "$(<"$SECRET_BD")" \
		--admin-user admin --admin-pass "$(ab_secret_lire nextcloud-admin)" --data-dir "$DONNEES"
}

# Règle une valeur système de Nextcloud si elle diffère. Arguments : valeur, type, clé…
regler() {
	local valeur=$1 type=$2
	shift 2
	if [[ $(occ config:system:get "$@" 2>/dev/null) == "$valeur" ]]; then
		ab_deja "réglage ${*}"
	else
		occ config:system:set "$@" --value="$valeur" --type="$type" >/dev/null
		ab_fait "réglage ${*}"
	fi
}

app_active() { [[ $(occ config:app:get "$1" enabled 2>/dev/null) == yes ]]; }
app_installer() { occ app:install "$1" || occ app:enable "$1"; }

minuteur_present() { ab_unite_activee nextcloud-cron.timer; }
minuteur_creer() {
	cat >/etc/systemd/system/nextcloud-cron.service <<FIN
[Unit]
Description=Tâches de fond de Nextcloud
[Service]
User=www-data
ExecStart=/usr/bin/php -f ${WEB}/cron.php
FIN
	cat >/etc/systemd/system/nextcloud-cron.timer <<'FIN'
[Unit]
Description=Tâches de fond de Nextcloud toutes les 5 minutes
[Timer]
OnBootSec=5min
OnUnitActiveSec=5min
[Install]
WantedBy=timers.target
FIN
	systemctl daemon-reload
	systemctl enable --now nextcloud-cron.timer
	occ background:cron
}

site_defaut_absent() { [[ ! -e /etc/nginx/sites-enabled/default ]]; }
site_present() { [[ -L /etc/nginx/sites-enabled/nextcloud.conf ]]; }

readonly PHP_INI="/etc/php/${AB_PHP}/fpm/conf.d/90-alliance-boreale.ini"
readonly PHP_INI_CLI="/etc/php/${AB_PHP}/cli/conf.d/90-alliance-boreale.ini"
php_regle() { grep -qxF 'memory_limit = 512M' "$PHP_INI" 2>/dev/null && grep -qxF 'apc.enable_cli = 1' "$PHP_INI_CLI" 2>/dev/null; }
php_regler() {
	printf '%s\n' "; Valeurs recommandées par la documentation d’administration Nextcloud." \
		'memory_limit = 512M' 'upload_max_filesize = 10G' 'post_max_size = 10G' 'opcache.interned_strings_buffer = 16' >"$PHP_INI"
	# occ et cron.php passent par PHP en ligne de commande : APCu doit y être actif aussi.
	printf '%s\n' 'apc.enable_cli = 1' 'memory_limit = 512M' >"$PHP_INI_CLI"
	systemctl restart "php${AB_PHP}-fpm"
}

installer() {
	ab_conteneur_base
	ab_assurer "paquets Nextcloud (PHP ${AB_PHP}, PostgreSQL, Redis, nginx)" ab_paquets_presents "${PAQUETS[@]}" -- ab_apt_installer "${PAQUETS[@]}"
	ab_assurer "réglages PHP" php_regle -- php_regler
	ab_secret_interne "$SECRET_BD"
	ab_assurer "rôle PostgreSQL nextcloud" role_present -- role_creer
	ab_assurer "base PostgreSQL nextcloud" base_presente -- runuser -u postgres -- createdb -O nextcloud -E UTF8 nextcloud
	ab_assurer "Nextcloud (archive ${AB_NEXTCLOUD_ARCHIVE})" archive_en_place -- archive_extraire
	ab_assurer "installation initiale de Nextcloud" installe -- installer_nextcloud
	regler "$AB_NEXTCLOUD_FQDN" string trusted_domains 0
	regler "https://${AB_NEXTCLOUD_FQDN}" string overwrite.cli.url
	regler https string overwriteprotocol
	regler "${AB_PROXY_IP:-127.0.0.1}" string trusted_proxies 0
	regler "$AB_FUSEAU" string default_timezone
	regler CA string default_phone_region
	regler 1 integer maintenance_window_start
	regler '\OC\Memcache\APCu' string memcache.local
	regler '\OC\Memcache\Redis' string memcache.locking
	regler localhost string redis host
	regler 6379 integer redis port
	local app
	for app in calendar contacts; do
		ab_assurer "application ${app}" app_active "$app" -- app_installer "$app"
	done
	if [[ -n ${AB_COLLABORA_FQDN:-} ]]; then
		ab_assurer "application richdocuments (Collabora)" app_active richdocuments -- app_installer richdocuments
		occ config:app:set richdocuments wopi_url --value="https://${AB_COLLABORA_FQDN}" >/dev/null
		occ config:app:set richdocuments wopi_allowlist --value="${AB_COLLABORA_IP},${AB_PROXY_IP:-127.0.0.1}" >/dev/null
	fi
	ab_assurer "tâches de fond (minuteur systemd)" minuteur_present -- minuteur_creer
	local change=0
	ab_fichier_assurer "${AB_ICI}/fichiers/nextcloud/nginx.conf" /etc/nginx/sites-available/nextcloud.conf 0644 && change=1
	ab_assurer "site nginx par défaut retiré" site_defaut_absent -- rm -f /etc/nginx/sites-enabled/default
	ab_assurer "site nginx Nextcloud activé" site_present -- ln -sfn ../sites-available/nextcloud.conf /etc/nginx/sites-enabled/nextcloud.conf
	nginx -t
	if ((change)) || ! ab_unite_active nginx; then systemctl reload-or-restart nginx; fi
}

mettre_a_jour() {
	ab_conteneur_mettre_a_jour
	if occ status --output=json | grep -q '"needsDbUpgrade":true'; then occ upgrade; fi
	occ app:update --all
	occ maintenance:repair --include-expensive
}

ab_service_principal "$@"
