/** Reusable network lab for bgptopo's deploy/verify tests and benchmarks. See README.md. */
export { createLab, type CreateLabOptions, type Lab, type LabSpecInput } from './lab.js';
export type * from './lab-types.js';
export { waitFor, LabTimeoutError, type WaitOptions } from './lab-wait.js';
export { run, processAlive, shellQuote, LabCommandError, type RunOptions, type RunResult } from './lab-process.js';
export {
  LAB_FAMILY,
  DEFAULT_LAB_RANGE,
  LAB_STATE_ROOT,
  cleanupStaleLabs,
  labRangeConflicts,
  assertLabRangesSafe,
  readMachineNetwork,
  type MachineNetwork,
} from './lab-safety.js';
export { listNamespaces, listLinks, namespacePids } from './lab-network.js';
export { hostBindPath, hostPid, hostPidFromFile, hostProcesses, type LabHost, type LabInterface } from './lab-host.js';
export { labInitFrr, vtyshJson, reloadFrr } from './lab-frr.js';
export {
  gobgpConfig,
  gobgp,
  gobgpGlobalRibAdd,
  gobgpGlobalRibDel,
  gobgpNeighbors,
  gobgpEstablished,
  writeGobgpConfig,
  type GobgpConfig,
  type GobgpConfigInput,
  type GobgpNeighborInput,
  type GobgpNeighborState,
} from './lab-gobgp.js';
export { reloadHaproxy, reloadKeepalived } from './lab-lb.js';
export { readSshBanner, sshArgv, keyFingerprint } from './lab-ssh.js';
