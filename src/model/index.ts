/** The typed topology model and the helpers later layers use (render, deploy, verify). */
export * from './topology-model.js';
export * from './ip-address.js';
export * from './asn.js';
export * from './duration.js';
export { lowerTopology } from './topology-lowering.js';
export { announcementsOf, pickSource } from './session-derivation.js';
export * from './session-table.js';
export { termText, labelText } from './node-selector.js';
