#!/usr/bin/env bash
# Prépare une fois un chroot Debian 13 (trixie) minimal avec nginx, pour que
# tests/stack/outils-reels.test.ts vérifie aussi les configurations nginx
# « Debian 13 » (syntaxe « http2 on », nginx 1.25.1 et plus).
# Le miroir est celui des sources apt de cette machine, jamais une adresse écrite ici.
# Usage : bash tests/stack/chroot-debian13.sh [DOSSIER]   (défaut : .cache/stack/debian13)
set -Eeuo pipefail

readonly DEST=${1:-.cache/stack/debian13}

# Premier dépôt Debian principal déclaré (format deb822 puis format une ligne).
miroir() {
	local m=''
	if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
		m=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' /etc/apt/sources.list.d/*.sources | grep -E '/debian/?$' | head -n 1 || true)
	fi
	if [[ -z $m && -f /etc/apt/sources.list ]]; then
		m=$(awk '$1 == "deb" && $2 !~ /^\[/ { print $2 }' /etc/apt/sources.list | grep -E '/debian/?$' | head -n 1 || true)
	fi
	[[ -n $m ]] || {
		echo "Aucun miroir Debian trouvé dans /etc/apt/sources.list(.d)" >&2
		exit 1
	}
	printf '%s' "$m"
}

if [[ -x $DEST/usr/sbin/nginx ]]; then
	echo "Chroot Debian 13 déjà prêt : $DEST"
	exit 0
fi
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
debootstrap --variant=minbase --include=nginx-light trixie "$DEST" "$(miroir)"
echo "Chroot Debian 13 prêt : $DEST ($("$DEST/usr/sbin/nginx" -v 2>&1 || true))"
