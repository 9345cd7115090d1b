/**
 * Prepares the bats bench outside vitest and prints the variables to export:
 *   eval "$(node --import ./scripts/stack/raw-loader.ts tests/stack/prepare-bench.ts)"
 * Used by tests/stack/bats.sh.
 */
import { shellQuote } from '../../src/text/shell-quote.ts';
import { prepareBench } from './helpers.ts';

const bench = prepareBench();
console.log(`export AB_TEST_PAQUET=${shellQuote(bench.dir)} AB_TEST_TELECHARGEMENTS=${shellQuote(bench.downloads)} AB_TEST_PLAN_NOMBRE=${bench.bundle.plan.actions.length}`);
