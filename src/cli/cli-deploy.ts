/**
 * `bgptopo deploy FILE [--hosts H,…] [--plan] [--yes] …`: render, connect, show the plan (a diff per file),
 * then, with `--yes` (or a `y` at the terminal), apply host by host: checked on the host by the real
 * daemons, backed up, moved into place atomically, reloaded, health-checked, rolled back on failure.
 * Exit 0 when every host is up to date or applied, 1 when a host failed or was rolled back, 2 on usage
 * errors or unreachable hosts.
 */
import { createInterface } from 'node:readline/promises';
import type { ModelHost, TopologyModel } from '../model/topology-model.js';
import { renderTopology } from '../render/index.js';
import type { RenderedFile } from '../render/render-types.js';
import { createTemplateLoader } from '../render/template-loader-fs.js';
import { applyDeploy, deployOwner, planDeploy } from '../deploy/deploy-run.js';
import { collectPublicKeys } from '../deploy/deploy-host.js';
import { applyModelManifests, clusterFiles } from '../deploy/deploy-kubernetes.js';
import type { HostDeployResult, HostPlan } from '../deploy/deploy-types.js';
import type { SshSession } from '../deploy/ssh-session.js';
import { done, ExitCode, ioError, type CliCommand, type CliIo } from './cli-command.js';
import { concurrency as concurrencyOption, hostsOption, isCommandResult, oneTopologyFile, templateDirs, TEMPLATES_OPTION } from './cli-arguments.js';
import { isLoaded, loadTopologyModel } from './cli-topology.js';
import { invocationSecrets, SECRETS_OPTION } from './cli-secrets.js';
import { sessionPool } from '../deploy/ssh-session-pool.js';
import { SSH_OPTIONS, sshSetup } from './cli-ssh.js';

export const deployCommand: CliCommand = {
    name: 'deploy',
    summary: 'Plan (diff) and apply the rendered configs on the hosts over SSH',
    usage: 'FILE [--hosts HOST,…] [--plan] [--yes] [--identity FILE] [--known-hosts FILE] [--accept-new] [--concurrency N]',
    options: {
        hosts: { type: 'string', valueName: 'HOST,…', description: 'Deploy only these hosts (cluster manifests are then skipped)' },
        plan: { type: 'boolean', description: 'Show what would change and change nothing' },
        yes: { type: 'boolean', short: 'y', description: 'Apply without asking' },
        concurrency: { type: 'string', valueName: 'N', description: 'Hosts deployed at once (default 8); VIP groups go one host at a time' },
        templates: TEMPLATES_OPTION,
        secrets: SECRETS_OPTION,
        ...SSH_OPTIONS
    },
    async run(invocation, io) {
        const file = oneTopologyFile(invocation);
        if (isCommandResult(file)) {
            return file;
        }
        const concurrency = concurrencyOption(invocation, 8);
        if (isCommandResult(concurrency)) {
            return concurrency;
        }
        const loaded = await loadTopologyModel(file, invocation.cwd, io);
        if (!isLoaded(loaded)) {
            return loaded;
        }
        const model = loaded.model;
        const wanted = hostsOption(invocation, model);
        if (isCommandResult(wanted)) {
            return wanted;
        }
        const planOnly = invocation.values.plan === true;
        const ssh = sshSetup(model, invocation, io);
        const secrets = invocationSecrets(invocation, io);

        // Sessions are opened once per host and shared by key collection, plan and apply.
        const pool = sessionPool(ssh.connect);
        const connect = pool.connect;
        try {
            const collected = await collectPublicKeys(model, connect, !planOnly);
            collected.failures.forEach((failure) => io.stderr(`${failure.host}: WireGuard key not collected: ${failure.message}\n`));
            const publicKeys = collected.keys;
            let files;
            try {
                files = renderTopology(model, {
                    templates: createTemplateLoader(templateDirs(invocation)),
                    sourceName: loaded.displayPath.split('/').pop(),
                    secrets,
                    publicKeys: (host) => publicKeys.get(host),
                    allowMissingKeys: planOnly,
                    hosts: wanted
                }).files;
            } catch (error) {
                return ioError([error instanceof Error ? error.message : String(error)]);
            }
            const options = { concurrency, owner: deployOwner(), reporter: { info: (m: string) => io.stderr(`${m}\n`) } };
            const run = await planDeploy(model, files, connect, options);
            printPlan(run.plans, run.failures, io);
            const unreachable = run.failures.length > 0;
            if (unreachable) {
                io.stderr(`${run.failures.length} host(s) could not be reached or planned; they are left as they are.\n`);
            }
            const changes = run.plans.reduce((count, plan) => count + plan.files.filter((f) => f.change !== 'unchanged').length, 0);
            const manifests = wanted ? [] : clusterFiles(files);
            if (planOnly) {
                const dryRun = await applyManifests(model, manifests, secrets, connect, io, true);
                io.stdout(
                    `plan: ${changes} file(s) to change on ${run.plans.length} host(s)${manifests.length ? `, ${manifests.length} cluster manifest(s) to apply` : ''}; nothing was changed (--plan)\n`
                );
                return done(unreachable ? ExitCode.UsageOrIo : dryRun ? ExitCode.Ok : ExitCode.Findings);
            }
            if (changes === 0 && manifests.length === 0) {
                io.stdout(unreachable ? 'every reachable host is up to date\n' : 'everything is up to date\n');
                return done(unreachable ? ExitCode.UsageOrIo : ExitCode.Ok);
            }
            if (invocation.values.yes !== true && !(await confirm(`Apply ${changes} file change(s) on ${run.plans.length} host(s)?`))) {
                io.stderr('not applied (confirm with y, or pass --yes)\n');
                return done(ExitCode.UsageOrIo);
            }
            const printed = new Set<string>();
            const results = await applyDeploy(model, run, {
                ...options,
                reporter: {
                    info: (m) => io.stderr(`${m}\n`),
                    hostFinished: (result) => {
                        printed.add(result.host);
                        io.stdout(formatResult(result));
                    }
                }
            });
            // Hosts that never started (skipped after a failure in their VIP group, or unreachable).
            results.filter((result) => !printed.has(result.host)).forEach((result) => io.stdout(formatResult(result)));
            let failed = results.some((result) => !['applied', 'unchanged'].includes(result.outcome));
            if (!failed && !unreachable) {
                failed = !(await applyManifests(model, manifests, secrets, connect, io, false));
            } else if (manifests.length > 0) {
                io.stdout(`skipped   ${manifests.length} cluster manifest(s): not every host was deployed\n`);
            }
            return done(unreachable || results.some((r) => r.outcome === 'unreachable' || r.outcome === 'refused') ? ExitCode.UsageOrIo : failed ? ExitCode.Findings : ExitCode.Ok);
        } catch (error) {
            io.stderr(`bgptopo deploy: ${error instanceof Error ? error.message : String(error)}\n`);
            return done(ExitCode.UsageOrIo);
        } finally {
            pool.closeAll();
        }
    }
};

/**
 * The clusters' password Secrets and manifests through one control-plane node per cluster: a server-side
 * dry run of all of them first, then (unless `dryRunOnly`) the real server-side apply. True when everything
 * was accepted.
 */
async function applyManifests(
    model: TopologyModel,
    manifests: readonly RenderedFile[],
    resolveSecret: (name: string) => string | undefined,
    connect: (host: ModelHost) => Promise<SshSession>,
    io: CliIo,
    dryRunOnly: boolean
): Promise<boolean> {
    const outcome = await applyModelManifests(model, manifests, resolveSecret, connect, { dryRunOnly });
    for (const result of outcome.results) {
        io.stdout(`${(result.ok ? (dryRunOnly ? 'dry-run' : 'applied') : 'FAILED').padEnd(9)} ${result.path} via ${result.node}: ${result.message}\n`);
    }
    outcome.problems.forEach((problem) => io.stderr(`${problem}\n`));
    return outcome.ok;
}

function printPlan(plans: readonly HostPlan[], failures: readonly HostDeployResult[], io: CliIo): void {
    for (const plan of plans) {
        for (const file of plan.files) {
            io.stdout(`${file.change.padEnd(9)} ${plan.host}:${file.file.path}\n`);
            if (file.diff) {
                io.stdout(file.diff.replace(/^/gm, '    '));
            }
        }
    }
    for (const failure of failures) {
        io.stderr(`${failure.outcome.padEnd(9)} ${failure.host}: ${failure.message}\n`);
    }
}

function formatResult(result: HostDeployResult): string {
    const lines = [`${result.outcome.padEnd(11)} ${result.host} (${(result.durationMs / 1000).toFixed(1)} s): ${result.message}`];
    if (result.outcome !== 'applied' && result.outcome !== 'unchanged') {
        lines.push(...result.log.filter((line) => !line.startsWith('BGPTOPO CHECKED')).map((line) => `    ${line}`));
    }
    return `${lines.join('\n')}\n`;
}

async function confirm(question: string): Promise<boolean> {
    if (!process.stdin.isTTY) {
        return false;
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
        rl.close();
    }
}
