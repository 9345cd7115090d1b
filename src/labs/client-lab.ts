/**
 * A lab as the browser receives it (`labs/<id>/lab.json`, written by
 * render.ts at build time): Markdown already turned into HTML, assets
 * carried as base64. The lab page and the machine's preparation read it.
 */

/** An asset as shipped to the browser: its bytes in base64. */
export interface ShippedAsset {
	/** Absolute path in the guest. */
	dest: string;
	/** Octal permissions, e.g. `0644`. */
	mode: string;
	/** `user:group`. */
	owner: string;
	base64: string;
}

export interface ClientLab {
	id: string;
	title: string;
	summary: string;
	level: string;
	duration: number;
	objectives: string[];
	image: string;
	setup?: string;
	assets: ShippedAsset[];
	steps: Array<{
		title: string;
		html: string;
		checks: Array<{ run: string; hint: string; timeout: number }>;
		hints: string[];
		solution?: string;
		/** The commands of the solution's sh block, for tests and mentors. */
		solutionCommands?: string;
	}>;
}
