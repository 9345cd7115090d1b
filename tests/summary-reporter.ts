import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line (`vitest unit: 12 passed, 0 failed, 1 skipped`)
 * that CI and humans can read without parsing Vitest's colourful summary,
 * and, above it, why each test that passed only on a retry failed first:
 * Vitest's own report hides it, and a retry must not hide a cause.
 */
export default class SummaryReporter implements Reporter {
	onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
		const counts = { passed: 0, failed: 0, skipped: 0 };
		const projects = new Set<string>();
		for (const module of modules) {
			projects.add(module.project.name);
			for (const test of module.children.allTests()) {
				const result = test.result();
				const state = result.state;
				if (state === 'passed' && result.errors?.length) {
					const first = result.errors[0]!;
					console.log(`\nréussi au nouvel essai : ${test.fullName}\n  premier échec : ${(first.message ?? String(first)).slice(0, 1500)}`);
				}
				if (state === 'passed') counts.passed++;
				else if (state === 'failed') counts.failed++;
				else counts.skipped++;
			}
		}
		const label = [...projects].join('+') || 'vitest';
		console.log(`\n${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
	}
}
