import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line (`vitest unit: 12 passed, 0 failed, 1 skipped`)
 * that CI and humans can read without parsing Vitest's colourful summary.
 */
export default class SummaryReporter implements Reporter {
	onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
		const counts = { passed: 0, failed: 0, skipped: 0 };
		const projects = new Set<string>();
		for (const module of modules) {
			projects.add(module.project.name);
			for (const test of module.children.allTests()) {
				const state = test.result().state;
				if (state === 'passed') counts.passed++;
				else if (state === 'failed') counts.failed++;
				else counts.skipped++;
			}
		}
		const label = [...projects].join('+') || 'vitest';
		console.log(`\n${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
	}
}
