/** What `bgptopo deploy` prints: the plan (a diff per file), the manifests' results, each host's result. */
import type { ModelManifestsResult } from '../deploy/deploy-kubernetes.js';
import type { HostDeployResult } from '../deploy/deploy-types.js';
import type { DeployPlanSummary } from '../deploy/deploy-workflow.js';
import type { CliIo } from './cli-command.js';

export function printPlan(plan: DeployPlanSummary, io: CliIo): void {
    for (const host of plan.run.plans) {
        for (const file of host.files) {
            io.stdout(`${file.change.padEnd(9)} ${host.host}:${file.file.path}\n`);
            if (file.diff) {
                io.stdout(file.diff.replace(/^/gm, '    '));
            }
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
