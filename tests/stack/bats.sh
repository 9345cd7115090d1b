#!/usr/bin/env bash
# Lance la suite bats du paquet sans passer par vitest (mêmes doublures, même banc).
# Usage : bash tests/stack/bats.sh [options de bats]
set -Eeuo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
NODE=node_modules/.bin/node
[[ -x $NODE ]] || NODE=node
eval "$("$NODE" --import ./scripts/stack/raw-loader.ts tests/stack/prepare-bench.ts)"
exec bats "$@" tests/stack/deploy.bats
