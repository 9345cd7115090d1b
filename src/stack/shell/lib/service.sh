# shellcheck shell=bash
# Entête commune des scripts de service (services/*.sh), dans leur conteneur :
# le dossier du paquet reçu, les fonctions communes et les valeurs du site.

AB_ICI=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly AB_ICI
# shellcheck source=lib/commun.sh
. "${AB_ICI}/lib/commun.sh"
# shellcheck source=config/site.env
. "${AB_ICI}/config/site.env"
export DEBIAN_FRONTEND=noninteractive
