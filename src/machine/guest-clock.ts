/**
 * The guest's clock after a restore. The kernel's time and v86's CMOS clock
 * are both in the saved state, so a machine resumes at the moment it was
 * saved (the image's build, weeks ago, or the learner's last save), while
 * v86's 9p server stamps the files the guest changes with the host's time:
 * `date` is wrong by the state's age, `ls -l` shows files from the future
 * and tar, restoring a fresh backup, warns « time stamp … in the future ».
 * The machine's start sets it from the host's clock.
 */
import type { CheckResult } from './agent.ts';

/** What is needed of a machine: its check agent (root in the guest). */
export interface ClockedMachine {
	check(command: string, timeoutS?: number): Promise<CheckResult>;
}

/** An answer slower than this carried a stale time (the command waited in the guest): sent again. */
const STALE_AFTER_MS = 2000;

/** How long the learner's first command waits for the clock, at most (`clockOrTimeout`). */
export const CLOCK_WAIT_MS = 1000;

/** The guest command that sets its clock to `now` (ms since the epoch, UTC), to the millisecond. */
export function setClockCommand(now: number): string {
	if (!Number.isFinite(now) || now < 0) throw new Error(`heure invalide pour la machine : ${now} (attendu : millisecondes depuis 1970)`);
	return `date -u -s @${(now / 1000).toFixed(3)} >/dev/null`;
}

/**
 * Sets the guest's clock to the host's. Rejects, in French, when the guest
 * refused; the lab still works then, with the clock of its saved state.
 */
export async function setGuestClock(machine: ClockedMachine, now: () => number = Date.now): Promise<void> {
	let result = await machine.check(setClockCommand(now()), 10);
	// After some resumes the guest's agent starts a command seconds late (4 of 24 in Chromium, ~5 s):
	// the time it set was that old; the second command, sent once it answers, is not.
	if (result.ok && result.durationMs > STALE_AFTER_MS) result = await machine.check(setClockCommand(now()), 10);
	if (!result.ok) {
		const why = result.output.trim() || `code ${result.status}`;
		throw new Error(`l’horloge de la machine n’a pas été mise à l’heure (${why}) : date et les dates des fichiers peuvent être en retard`);
	}
}

/**
 * `setGuestClock` at a lab's start, in the worker or the page: a refusal is
 * a French warning in the console and the lab goes on. Resolves whether the
 * clock was set.
 */
export function setGuestClockOrWarn(machine: ClockedMachine, now: () => number = Date.now): Promise<boolean> {
	return setGuestClock(machine, now).then(
		() => true,
		(error: Error) => {
			console.warn(`Machine du laboratoire : ${error.message}.`);
			return false;
		},
	);
}

/**
 * Settles when the clock is set, or after `ms`, whichever comes first: what
 * the learner's first command waits for. A command that goes before the
 * clock (the rare slow start above) sees the saved state's time.
 */
export function clockOrTimeout(clock: Promise<unknown>, ms = CLOCK_WAIT_MS): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		const done = () => (clearTimeout(timer), resolve());
		clock.then(done, done);
	});
}
