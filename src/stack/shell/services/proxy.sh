#!/usr/bin/env bash
# Mandataire inverse TLS (nginx) — s'exécute dans son conteneur, lancé par deploy.sh.
# Un seul certificat couvre tous les noms publics : Let's Encrypt (HTTP-01) en
# mode « acme », ou une autorité locale créée ici en mode « interne ».
set -Eeuo pipefail
# shellcheck source=lib/service.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/service.sh"

readonly CERTS=/etc/ssl/alliance-boreale
readonly AC=/etc/alliance-boreale/ac
readonly NOM_ACME=alliance-boreale

site_defaut_absent() { [[ ! -e $(ab_chemin /etc/nginx/sites-enabled/default) ]]; }
lien_present() { [[ -L $(ab_chemin "/etc/nginx/sites-enabled/$1") ]]; }

# Le certificat en place couvre chaque nom public et vaut encore au moins 30 jours.
certificat_present() {
	local nom cert
	cert=$(ab_chemin "${CERTS}/fullchain.pem")
	[[ -f $cert && -f $(ab_chemin "${CERTS}/privkey.pem") ]] || return 1
	openssl x509 -in "$cert" -noout -checkend 2592000 >/dev/null || return 1
	for nom in $AB_NOMS_PUBLICS; do
		openssl x509 -in "$cert" -noout -checkhost "$nom" | grep -q 'does match' || return 1
	done
}

# Autorité locale (10 ans) puis certificat multi-noms signé par elle (397 jours, limite des navigateurs).
certificat_interne() {
	local noms="" nom tmp
	install -d -m 0700 "$(ab_chemin "$AC")"
	install -d -m 0755 "$(ab_chemin "$CERTS")"
	if [[ ! -f $(ab_chemin "${AC}/ac.key") ]]; then
		openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$(ab_chemin "${AC}/ac.key")"
		openssl req -x509 -new -key "$(ab_chemin "${AC}/ac.key")" -sha256 -days 3650 \
			-subj "/O=Alliance Boréale/CN=Autorité locale ${AB_SITE}" -out "$(ab_chemin "${AC}/ac.crt")"
	fi
	for nom in $AB_NOMS_PUBLICS; do noms+="${noms:+,}DNS:${nom}"; done
	tmp=$(mktemp -d)
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "${tmp}/privkey.pem"
	# serverAuth : sans cet usage, les appareils Apple refusent le certificat.
	openssl req -new -key "${tmp}/privkey.pem" -subj "/CN=${AB_DOMAINE}" -addext "subjectAltName=${noms}" \
		-addext 'extendedKeyUsage=serverAuth' -addext 'basicConstraints=critical,CA:FALSE' -addext 'keyUsage=critical,digitalSignature' \
		-out "${tmp}/demande.csr"
	openssl x509 -req -in "${tmp}/demande.csr" -CA "$(ab_chemin "${AC}/ac.crt")" -CAkey "$(ab_chemin "${AC}/ac.key")" \
		-CAcreateserial -days 397 -sha256 -copy_extensions copyall -out "${tmp}/cert.pem"
	cat "${tmp}/cert.pem" "$(ab_chemin "${AC}/ac.crt")" >"$(ab_chemin "${CERTS}/fullchain.pem")"
	install -m 0600 "${tmp}/privkey.pem" "$(ab_chemin "${CERTS}/privkey.pem")"
	rm -rf "$tmp"
	# Les postes du réseau local importent ce fichier pour faire confiance aux services.
	install -D -m 0644 "$(ab_chemin "${AC}/ac.crt")" "$(ab_chemin /var/www/acme/autorite-locale.crt)"
}

certificat_existe() { [[ -s $(ab_chemin "${CERTS}/fullchain.pem") && -s $(ab_chemin "${CERTS}/privkey.pem") ]]; }

# Le certificat de l'autorité locale vaut 397 jours : un minuteur systemd le refait
# chaque jour s'il lui reste moins de 30 jours (ou s'il manque un nom), puis recharge nginx.
readonly MINUTEUR=/etc/systemd/system/alliance-boreale-certificat
renouvellement_present() { [[ -f $(ab_chemin "${MINUTEUR}.timer") ]] && ab_unite_activee alliance-boreale-certificat.timer; }
renouvellement_creer() {
	cat >"$(ab_chemin "${MINUTEUR}.service")" <<FIN
[Unit]
Description=Renouvellement du certificat de l’autorité locale (Alliance Boréale)
[Service]
Type=oneshot
ExecStart=/bin/bash ${AB_ICI}/services/proxy.sh renouveler
FIN
	cat >"$(ab_chemin "${MINUTEUR}.timer")" <<'FIN'
[Unit]
Description=Vérifie chaque jour le certificat de l’autorité locale
[Timer]
OnCalendar=daily
RandomizedDelaySec=1h
Persistent=true
[Install]
WantedBy=timers.target
FIN
	systemctl daemon-reload
	systemctl enable --now alliance-boreale-certificat.timer
}

# Appelé par le minuteur : refait le certificat local s'il le faut, sans toucher un bon.
renouveler() {
	if certificat_present; then
		ab_deja "certificat local valide encore 30 jours"
		return 0
	fi
	certificat_interne
	nginx -t
	systemctl reload nginx
	ab_fait "certificat local renouvelé"
}

acme_present() {
	local live
	live=$(ab_chemin "/etc/letsencrypt/live/${NOM_ACME}/fullchain.pem")
	[[ -f $live ]] && cmp -s "$live" "$(ab_chemin "${CERTS}/fullchain.pem")" && certificat_present
}

# Let's Encrypt par défi HTTP-01 ; le crochet recopie le certificat et recharge nginx à chaque renouvellement.
acme_obtenir() {
	local -a domaines=()
	local nom crochet
	for nom in $AB_NOMS_PUBLICS; do domaines+=(-d "$nom"); done
	crochet=$(ab_chemin /etc/letsencrypt/renewal-hooks/deploy/alliance-boreale)
	install -d -m 0755 "$(dirname "$crochet")"
	cat >"$crochet" <<FIN
#!/bin/sh
set -e
install -m 0644 /etc/letsencrypt/live/${NOM_ACME}/fullchain.pem ${CERTS}/fullchain.pem
install -m 0600 /etc/letsencrypt/live/${NOM_ACME}/privkey.pem ${CERTS}/privkey.pem
systemctl reload nginx
FIN
	chmod 0755 "$crochet"
	certbot certonly --webroot -w /var/www/acme --non-interactive --agree-tos -m "$AB_TLS_COURRIEL" \
		--cert-name "$NOM_ACME" --expand "${domaines[@]}"
	"$crochet"
}

installer() {
	ab_conteneur_base
	local -a paquets=(nginx)
	[[ $AB_TLS_MODE == acme ]] && paquets+=(certbot)
	ab_assurer "paquets du mandataire" ab_paquets_presents "${paquets[@]}" -- ab_apt_installer "${paquets[@]}"
	install -d -m 0755 "$(ab_chemin /var/www/acme)"
	ab_assurer "site par défaut de nginx retiré" site_defaut_absent -- rm -f "$(ab_chemin /etc/nginx/sites-enabled/default)"
	local f nom change=0
	for f in "${AB_ICI}"/fichiers/proxy/nginx/*.conf; do
		nom=$(basename "$f")
		ab_fichier_assurer "$f" "/etc/nginx/sites-available/${nom}" 0644 && change=1
		ab_assurer "site ${nom} activé" lien_present "$nom" -- ln -sfn "../sites-available/${nom}" "$(ab_chemin "/etc/nginx/sites-enabled/${nom}")"
	done
	# Un certificat de l'autorité locale sert aussi d'amorce avant Let's Encrypt.
	# En mode acme, un certificat déjà en place (Let's Encrypt, valide) n'est jamais remplacé par
	# celui de l'autorité locale : seul un premier démarrage sans certificat en reçoit un d'amorce.
	if [[ $AB_TLS_MODE == acme ]]; then
		ab_assurer "certificat TLS d’amorce" certificat_existe -- certificat_interne
	else
		ab_assurer "certificat TLS de l’autorité locale" certificat_present -- certificat_interne
		ab_assurer "renouvellement automatique du certificat local" renouvellement_present -- renouvellement_creer
	fi
	nginx -t
	if ((change)) || ! ab_unite_active nginx; then
		systemctl reload-or-restart nginx
	fi
	if [[ $AB_TLS_MODE == acme ]]; then
		ab_assurer "certificat Let’s Encrypt pour ${AB_NOMS_PUBLICS}" acme_present -- acme_obtenir
	fi
}

mettre_a_jour() {
	ab_conteneur_mettre_a_jour
	nginx -t
	systemctl reload nginx
}

ab_service_principal "$@"
