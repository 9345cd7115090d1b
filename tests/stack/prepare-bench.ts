/**
 * Prepares the bats bench outside vitest and prints the variables to export:
 *   eval "$(node --import ./scripts/stack/raw-loader.ts tests/stack/prepare-bench.ts)"
 * Used by tests/stack/bats.sh.
 */
import { shellQuote } from '../../src/text/shell-quote.ts';
import { benchEnv } from './helpers.ts';

console.log(`export ${Object.entries(benchEnv()).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ')}`);
