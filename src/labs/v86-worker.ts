/// <reference lib="webworker" />
/**
 * The lab machine's own thread. v86 runs here rather than in the page: its
 * slices of guest time, restoring, saving and compressing a ~70 MB state,
 * decompressing guest files never hold up the page's main thread, where the
 * learner types and scrolls (figures in bench/results/lab-browser.md). The
 * page drives it through `WorkerMachine` (v86-runtime.ts); the messages are
 * in v86-messages.ts.
 */
import { LabVm } from '../vm/runtime.ts';
import { packState, unpackState } from './state-codec.ts';
import type { Calls, CallName, FromWorker, ToWorker } from './v86-messages.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let vm: LabVm | undefined;

function post(message: FromWorker): void {
	scope.postMessage(message);
}

async function call<K extends CallName>(machine: LabVm, name: K, args: Calls[K]['args']): Promise<unknown> {
	switch (name) {
		case 'run': {
			const { command, timeout } = args as Calls['run']['args'];
			const r = await machine.check(command, timeout);
			return { ok: r.ok, status: r.status, output: r.output, timedOut: r.timedOut };
		}
		case 'resize': {
			const { cols, rows } = args as Calls['resize']['args'];
			return machine.resize(cols, rows);
		}
		case 'save':
			// A Blob crosses to the page without a copy of its bytes.
			return packState(await machine.saveState());
		case 'dispose':
			vm = undefined;
			return machine.destroy();
	}
	throw new Error(`requête inconnue : ${String(name)}`);
}

scope.onmessage = async ({ data }: MessageEvent<ToWorker>) => {
	switch (data.type) {
		case 'boot':
			try {
				vm = await LabVm.boot({
					manifestUrl: data.manifestUrl,
					manifest: data.manifest,
					state: data.state ? await unpackState(data.state) : undefined,
					wasmPath: data.wasmPath,
					// The terminal subscribes after boot: it asks for the redraw itself.
					redraw: false,
					onProgress: (progress) => post({ type: 'progress', progress }),
				});
				// Copied, not transferred: LabVm keeps reading these bytes for its own record.
				vm.onOutput((bytes) => post({ type: 'output', bytes }));
				post({ type: 'booted' });
			} catch (error) {
				post({ type: 'boot-failed', message: (error as Error).message ?? String(error) });
			}
			break;
		case 'write':
			vm?.write(data.data);
			break;
		case 'call':
			try {
				if (!vm) throw new Error('machine arrêtée');
				post({ type: 'reply', id: data.id, ok: true, result: await call(vm, data.name, data.args) });
			} catch (error) {
				post({ type: 'reply', id: data.id, ok: false, message: (error as Error).message ?? String(error) });
			}
			break;
	}
};

post({ type: 'hello' });
