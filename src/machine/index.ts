/** The lab machine for Node (tests, bench, image build): boot an image, type, check, save. */
export { LabVm, loadManifest } from './v86/lab-vm.ts';
export type { BootOptions, CheckResult, LoadPhase, LoadProgress, TrafficStats } from './v86/lab-vm.ts';
export { AgentClient } from './agent.ts';
export { manifestSchema, parseManifest, MANIFEST_VERSION } from './manifest.ts';
export type { GuestManifest } from './manifest.ts';
