/** The typed topology model and the helpers later layers use (render, deploy, verify). */
export * from './topology-model.js';
export * from './ip-address.js';
export * from './asn.js';
export * from './duration.js';
export { lowerTopology } from './topology-lowering.js';
export { pickSource } from './session-derivation.js';
export { announcementMatch, announcementPermits, announcementsOf, poolBlocks } from './announcement-derivation.js';
export * from './session-table.js';
export { termText, labelText } from './node-selector.js';
