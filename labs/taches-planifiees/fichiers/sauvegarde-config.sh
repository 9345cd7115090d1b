#!/bin/sh
# Sauvegarde de la configuration du serveur (laboratoire « taches-planifiees »).
# Pour l'exercice, seulement quelques fichiers de /etc : dans la vraie vie, tout /etc.
set -e
mkdir -p /var/backups/config
archive=/var/backups/config/etc-$(date +%F-%H%M%S).tar.gz
tar -czf "$archive" -C / etc/hostname etc/hosts etc/fstab etc/crontab etc/systemd/system
echo "Sauvegarde terminée : $archive"
