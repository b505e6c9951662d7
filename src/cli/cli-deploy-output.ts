/** What `bgptopo deploy` prints: the plan (a diff per file), the manifests' results, each host's result. */
import type { ModelManifestsResult } from '../deploy/deploy-kubernetes.js';
import type { HostDeployResult } from '../deploy/deploy-types.js';
import { describeRestart } from '../deploy/deploy-restart.js';
import type { DeployPlanSummary } from '../deploy/deploy-workflow.js';
import type { CliIo } from './cli-command.js';

export function printPlan(plan: DeployPlanSummary, io: CliIo): void {
    for (const host of plan.run.plans) {
        for (const file of host.files) {
            if (file.drift) {
                io.stdout(`drift     ${host.host}:${file.file.path} was changed on the host since bgptopo installed it (the diff below undoes that change)\n`);
            }
            io.stdout(`${file.change.padEnd(9)} ${host.host}:${file.file.path}\n`);
            if (file.diff) {
                io.stdout(file.diff.replace(/^(?=.)/gm, '    '));
            }
        }
        for (const restart of host.restarts) {
            io.stdout(`restart   ${describeRestart(host.host, restart)}\n`);
        }
    }
    for (const failure of plan.run.failures) {
        io.stderr(`${failure.outcome.padEnd(9)} ${failure.host}: ${failure.message}\n`);
    }
    if (plan.run.failures.length > 0) {
        io.stderr(`${plan.run.failures.length} host(s) could not be reached or planned; they are left as they are.\n`);
    }
    if (plan.dryRun) {
        printManifests(plan.dryRun, 'dry-run', io);
    }
}

/** Before the question: which files hold drift, and whether this deploy overwrites it. */
export function printDrift(plan: DeployPlanSummary, overwriteDrift: boolean, io: CliIo): void {
    const drifted = plan.changes.filter((change) => change.file.drift).map((change) => `${change.host}:${change.file.file.path}`);
    if (drifted.length > 0) {
        io.stderr(
            overwriteDrift
                ? `overwriting drift (--overwrite-drift): ${drifted.join(', ')}\n`
                : `drift (changed by hand since bgptopo installed it): ${drifted.join(', ')}; those hosts are left as they are (--overwrite-drift replaces them)\n`
        );
    }
}

export function printManifests(outcome: ModelManifestsResult, verb: string, io: CliIo): void {
    for (const result of outcome.results) {
        io.stdout(`${(result.ok ? verb : 'FAILED').padEnd(9)} ${result.path} via ${result.node}: ${result.message}\n`);
    }
    outcome.problems.forEach((problem) => io.stderr(`${problem}\n`));
}

export function formatResult(result: HostDeployResult): string {
    const lines = [`${result.outcome.padEnd(11)} ${result.host} (${(result.durationMs / 1000).toFixed(1)} s): ${result.message}`];
    if (result.outcome !== 'applied' && result.outcome !== 'unchanged') {
        lines.push(...result.log.filter((line) => !line.startsWith('BGPTOPO CHECKED')).map((line) => `    ${line}`));
    }
    return `${lines.join('\n')}\n`;
}
