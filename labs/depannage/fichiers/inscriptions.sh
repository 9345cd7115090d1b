#!/bin/sh
# Service du laboratoire « depannage » : tient le registre des inscriptions.
set -e
date '+%F %T démarrage du service' >> /var/lib/inscriptions/registre.log
. /etc/inscriptions.conf
echo "Registre des inscriptions prêt pour : $ORGANISME"
while true; do
	sleep 60
	date '+%F %T en service' >> /var/lib/inscriptions/registre.log
done
