#!/usr/bin/env bash
# Réseau du banc d'essai, isolé de celui de la machine qui lance les tests :
#   pont abh0 (sans adresse, sur cette machine)  ← veth de l'hôte d'essai (LXC)
#                                               ← veth « lan0 » du routeur
#   espace de noms « abh-routeur » : la passerelle de la configuration testée,
#   qui ne relaie QUE vers le cache apt et le serveur de fichiers du banc
#   (100.64.77.1:3142 et :8080, sur le veth abh-wan de cette machine), en NAT.
# Aucune route n'est ajoutée à cette machine hors de 100.64.77.0/30, et rien
# ne sort vers une autre adresse : le routeur jette tout le reste.
# Usage : reseau.sh up PASSERELLE/PREFIXE | reseau.sh down
set -Eeuo pipefail

readonly PONT=abh0 NS=abh-routeur
readonly WAN_ICI=100.64.77.1 WAN_LA=100.64.77.2
readonly PORTS='3142, 8080'

down() {
	ip netns del "$NS" 2>/dev/null || true
	ip link del abh-lan 2>/dev/null || true
	ip link del abh-wan 2>/dev/null || true
	ip link del "$PONT" 2>/dev/null || true
}

up() {
	local lan=$1
	down
	ip link add "$PONT" type bridge
	ip link set "$PONT" up
	ip netns add "$NS"
	ip link add abh-lan type veth peer name lan0 netns "$NS"
	ip link set abh-lan master "$PONT" up
	ip link add abh-wan type veth peer name wan0 netns "$NS"
	ip addr add "${WAN_ICI}/30" dev abh-wan
	ip link set abh-wan up
	ip -n "$NS" link set lo up
	ip -n "$NS" addr add "$lan" dev lan0
	ip -n "$NS" link set lan0 up
	ip -n "$NS" addr add "${WAN_LA}/30" dev wan0
	ip -n "$NS" link set wan0 up
	ip netns exec "$NS" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$NS" nft -f - <<FIN
table inet banc {
	chain relais {
		type filter hook forward priority filter; policy drop;
		ct state established,related accept
		iifname "lan0" oifname "wan0" ip daddr ${WAN_ICI} tcp dport { ${PORTS} } accept
	}
	chain sortie {
		type nat hook postrouting priority srcnat;
		oifname "wan0" masquerade
	}
}
FIN
}

case ${1:-} in
up) up "$2" ;;
down) down ;;
*)
	echo "Usage : $0 up PASSERELLE/PREFIXE | down" >&2
	exit 2
	;;
esac
