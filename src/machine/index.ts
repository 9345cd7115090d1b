/** Lab VM runtime: public entry point (browser and Node). */
export { LabVm, loadManifest } from './v86/lab-vm.ts';
export type { BootOptions, CheckResult, LoadPhase, LoadProgress, TrafficStats } from './v86/lab-vm.ts';
export { AgentClient } from './agent.ts';
export { manifestSchema, parseManifest, MANIFEST_VERSION } from './manifest.ts';
export type { GuestManifest } from './manifest.ts';
