/**
 * Prépare le banc bats hors de vitest et imprime les variables à exporter :
 *   eval "$(node --import ./scripts/stack/chargeur-brut.ts tests/stack/preparer-banc.ts)"
 * Utilisé par tests/stack/bats.sh.
 */
import { preparerBanc } from './outils.ts';

const banc = preparerBanc();
const citer = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
console.log(`export AB_TEST_PAQUET=${citer(banc.dossier)} AB_TEST_TELECHARGEMENTS=${citer(banc.telechargements)}`);
