/**
 * Messages between the page (`v86-runtime.ts`) and the lab machine's worker
 * (`v86-worker.ts`). Plain data only: they cross `postMessage`.
 */
import type { LoadProgress } from '../loading.ts';
import type { GuestManifest } from '../manifest.ts';
import type { CommandResult } from '../machine.ts';

/** What the page asks and what each request answers. */
export interface Calls {
	run: { args: { command: string; timeout: number }; result: CommandResult };
	resize: { args: { cols: number; rows: number }; result: void };
	/** Compressed in the worker (state-codec.ts). */
	save: { args: Record<string, never>; result: Blob };
	/** The lab's preparation is done: the file journal says so (resumed from it, the lab needs none). */
	prepared: { args: Record<string, never>; result: void };
	dispose: { args: Record<string, never>; result: void };
}

export type CallName = keyof Calls;

export type ToWorker =
	/**
	 * Start reading the state and compiling v86 (the page knows its lab's
	 * image). With `labId`, the learner's saved machine for that lab is read
	 * instead of the image's state when there is one.
	 */
	| { type: 'prefetch'; manifestUrl: string; wasmPath: string; labId?: string }
	| {
			type: 'boot';
			manifestUrl: string;
			manifest: GuestManifest;
			/** A saved machine, as `save` returned it: unpacked in the worker. */
			state?: Blob;
			/** When `state` was saved: the worker's read-ahead copy of it is used if it is that one. */
			savedAt?: string;
			wasmPath: string;
			/** Keep the guest's file changes for this lab, and put back those recorded after `since`. */
			journal?: { labId: string; since: number };
	  }
	| { type: 'write'; data: string | Uint8Array }
	| { [K in CallName]: { type: 'call'; id: number; name: K; args: Calls[K]['args'] } }[CallName];

export type FromWorker =
	/** The worker's module is loaded and listens. */
	| { type: 'hello' }
	| { type: 'progress'; progress: LoadProgress }
	/** `replayed`: file journal entries put back into the machine. */
	| { type: 'booted'; replayed: number }
	| { type: 'boot-failed'; message: string }
	| { type: 'output'; bytes: Uint8Array }
	/** File changes wait to be stored (`pending`), or are all stored. */
	| { type: 'files'; pending: boolean }
	/** Storing file changes failed (French, ready to show). */
	| { type: 'files-failed'; message: string }
	| { type: 'reply'; id: number; ok: true; result: unknown }
	| { type: 'reply'; id: number; ok: false; message: string };
