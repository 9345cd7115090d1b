import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { LabMachine } from '../../machine/machine.ts';

/** Milliseconds after Escape during which Tab leaves the terminal instead of completing. */
const LEAVE_WINDOW_MS = 1000;

/**
 * The learner's terminal: xterm.js wired to a lab machine's serial console.
 * xterm.js answers the guest's terminal queries itself (cursor position,
 * device attributes) through `onData`, so bash, nano and less behave.
 */
export class LabTerminal {
	readonly term: Terminal;
	readonly #fit = new FitAddon();
	#machine?: LabMachine;
	#unsubscribe?: () => void;
	#resizeTimer?: ReturnType<typeof setTimeout>;
	#escapeAt = 0;

	constructor(container: HTMLElement, options: { label: string; screenReaderMode?: boolean }) {
		const styles = getComputedStyle(document.documentElement);
		this.term = new Terminal({
			convertEol: false,
			cursorBlink: true,
			fontFamily: styles.getPropertyValue('--sl-font-mono') || 'monospace',
			fontSize: 15,
			scrollback: 5000,
			screenReaderMode: options.screenReaderMode ?? false,
			theme: { background: '#0d1117', foreground: '#e6edf3', cursor: '#7fd6c2', selectionBackground: '#2f8f7b80' },
		});
		this.term.loadAddon(this.#fit);
		this.term.open(container);
		this.term.textarea?.setAttribute('aria-label', options.label);
		this.term.attachCustomKeyEventHandler((event) => this.#onKey(event));
		this.term.onData((data) => this.#machine?.write(data));
		this.term.onBinary((data) => this.#machine?.write(Uint8Array.from(data, (c) => c.charCodeAt(0))));
		new ResizeObserver(() => this.fit()).observe(container);
		this.fit();
	}

	/** Connects the terminal to a machine (and disconnects the previous one). */
	attach(machine: LabMachine): void {
		this.#unsubscribe?.();
		this.#machine = machine;
		this.#unsubscribe = machine.onOutput((bytes) => this.term.write(bytes));
		this.#sendSize();
	}

	detach(): void {
		this.#unsubscribe?.();
		this.#machine = undefined;
	}

	/** Types a command as if the learner did, then Enter. */
	type(command: string): void {
		this.#machine?.write(`${command}\r`);
		this.term.focus();
	}

	setScreenReaderMode(on: boolean): void {
		this.term.options.screenReaderMode = on;
	}

	fit(): void {
		try {
			this.#fit.fit();
		} catch {
			return; // not visible yet
		}
		clearTimeout(this.#resizeTimer);
		this.#resizeTimer = setTimeout(() => this.#sendSize(), 300);
	}

	#sendSize(): void {
		void this.#machine?.resize(this.term.cols, this.term.rows).catch(() => {});
	}

	/** Copy/paste with Ctrl+Shift+C/V, and a way out for keyboard users (WCAG 2.1.2). */
	#onKey(event: KeyboardEvent): boolean {
		if (event.type !== 'keydown') return true;
		if (event.ctrlKey && event.shiftKey && event.code === 'KeyC') {
			const selection = this.term.getSelection();
			if (selection) void navigator.clipboard?.writeText(selection);
			return false;
		}
		if (event.ctrlKey && event.shiftKey && event.code === 'KeyV') {
			return false; // the browser's paste event reaches xterm.js
		}
		if (event.key === 'Escape') {
			this.#escapeAt = event.timeStamp;
			return true;
		}
		if (event.key === 'Tab' && event.timeStamp - this.#escapeAt < LEAVE_WINDOW_MS) {
			this.#escapeAt = 0;
			this.term.blur();
			return false; // the browser moves the focus
		}
		return true;
	}

	dispose(): void {
		this.detach();
		this.term.dispose();
	}
}
