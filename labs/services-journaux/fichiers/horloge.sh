#!/bin/bash
# Petit service d'exemple du laboratoire « services-journaux » :
# il annonce un code au démarrage, puis donne l'heure chaque minute.
code=$(( RANDOM % 9000 + 1000 ))
umask 077
echo "$code" > /run/horloge.code
echo "Démarrage de l'horloge. Code du jour : $code"
while true; do
	echo "Il est $(date +%H:%M)."
	sleep 60
done
