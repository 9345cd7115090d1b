/** Lab VM runtime: public entry point (browser and Node). */
export { LabVm, loadManifest } from './runtime.ts';
export type { BootOptions, CheckResult, LoadPhase, LoadProgress, TrafficStats } from './runtime.ts';
export { AgentClient } from './agent.ts';
export { manifestSchema, parseManifest, MANIFEST_VERSION } from './manifest.ts';
export type { GuestManifest } from './manifest.ts';
