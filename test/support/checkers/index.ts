/** Real-tool checkers for rendered configs; see each file's header for what it does and does not catch. */
export type { CheckResult, ToolRun } from './check-result.js';
export { ROOT, isRoot, missingPrerequisites, resolveTool, toolAvailable, toolGate, type ToolGate } from './checker-tools.js';
export { FRR_CHECKER_PREREQUISITES, checkFrrConfig } from './frr-checker.js';
export { KEEPALIVED_CHECKER_PREREQUISITES, checkKeepalivedConfig, keepalivedScriptPaths, type KeepalivedCheckOptions } from './keepalived-checker.js';
export { HAPROXY_CHECKER_PREREQUISITES, checkHaproxyConfig } from './haproxy-checker.js';
export { WIREGUARD_CHECKER_PREREQUISITES, checkWireguardConfig, stripWgQuickKeys } from './wireguard-checker.js';
export { PROMETHEUS_CHECKER_PREREQUISITES, checkPrometheusRules } from './prometheus-checker.js';
export { DEFAULT_CRD_DIR, checkManifest, type ManifestCheckOptions } from './manifest-checker.js';
