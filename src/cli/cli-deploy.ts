/**
 * `bgptopo deploy FILE [--hosts H,…] [--plan] [--yes] …`: render, connect, show the plan (a diff per file),
 * then, with `--yes` (or a `y` at the terminal), apply host by host: checked on the host by the real
 * daemons, backed up, moved into place atomically, reloaded, health-checked, rolled back on failure.
 * Exit 0 when every host is up to date or applied, 1 when a host failed or was rolled back, 2 on usage
 * errors or unreachable hosts.
 */
import { createInterface } from 'node:readline/promises';
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { ModelHost, TopologyModel } from '../model/topology-model.js';
import { renderTopology, TemplateError } from '../render/index.js';
import type { RenderedFile } from '../render/render-types.js';
import { createTemplateLoader } from '../render/template-loader-fs.js';
import { applyDeploy, planDeploy } from '../deploy/deploy-run.js';
import { collectWireGuardKey } from '../deploy/deploy-host.js';
import { applyModelManifests, clusterFiles } from '../deploy/deploy-kubernetes.js';
import type { HostDeployResult, HostPlan } from '../deploy/deploy-types.js';
import type { SshSession } from '../deploy/ssh-session.js';
import { done, ExitCode, ioError, type CliCommand, type CliIo } from './cli-command.js';
import { concurrency as concurrencyOption, hostsOption, isCommandResult, oneTopologyFile } from './cli-arguments.js';
import { isLoaded, loadTopologyModel } from './cli-topology.js';
import { secretResolver } from './cli-secrets.js';
import { SSH_OPTIONS, sessionPool, sshSetup } from './cli-ssh.js';

export const deployCommand: CliCommand = {
    name: 'deploy',
    summary: 'Plan (diff) and apply the rendered configs on the hosts over SSH',
    usage: 'FILE [--hosts HOST,…] [--plan] [--yes] [--identity FILE] [--known-hosts FILE] [--accept-new] [--concurrency N]',
    options: {
        hosts: { type: 'string', valueName: 'HOST,…', description: 'Deploy only these hosts (cluster manifests are then skipped)' },
        plan: { type: 'boolean', description: 'Show what would change and change nothing' },
        yes: { type: 'boolean', short: 'y', description: 'Apply without asking' },
        concurrency: { type: 'string', valueName: 'N', description: 'Hosts deployed at once (default 8); VIP groups go one host at a time' },
        templates: { type: 'string', multiple: true, valueName: 'DIR', description: 'Template folder searched before the built-in templates' },
        secrets: { type: 'string', valueName: 'FILE', description: 'NAME=value lines for `password secret "NAME"` (else BGPTOPO_SECRET_<NAME>)' },
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
        let ssh;
        try {
            ssh = sshSetup(model, invocation, io);
        } catch (error) {
            return ioError([`cannot read the SSH identity: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
        }
        const secrets = secretResolver(process.env, typeof invocation.values.secrets === 'string' ? resolve(invocation.cwd, invocation.values.secrets) : undefined);
        secrets.warnings.forEach((warning) => io.stderr(`warning: ${warning}\n`));

        // Sessions are opened once per host and shared by key collection, plan and apply.
        const pool = sessionPool(ssh);
        const connect = pool.connect;
        try {
            const publicKeys = await collectKeys(model, connect, !planOnly, io);
            let files;
            try {
                files = renderTopology(model, {
                    templates: createTemplateLoader(((invocation.values.templates as string[] | undefined) ?? []).map((dir) => resolve(invocation.cwd, dir))),
                    sourceName: loaded.displayPath.split('/').pop(),
                    secrets: secrets.resolve,
                    publicKeys: (host) => publicKeys.get(host),
                    allowMissingKeys: planOnly,
                    hosts: wanted
                }).files;
            } catch (error) {
                return error instanceof TemplateError ? ioError([error.message]) : ioError([error instanceof Error ? error.message : String(error)]);
            }
            const options = { concurrency, owner: `${userInfo().username}@${hostname()}`, reporter: { info: (m: string) => io.stderr(`${m}\n`) } };
            const run = await planDeploy(model, files, connect, options);
            printPlan(run.plans, run.failures, io);
            const unreachable = run.failures.length > 0;
            if (unreachable) {
                io.stderr(`${run.failures.length} host(s) could not be reached or planned; they are left as they are.\n`);
            }
            const changes = run.plans.reduce((count, plan) => count + plan.files.filter((f) => f.change !== 'unchanged').length, 0);
            const manifests = wanted ? [] : clusterFiles(files);
            if (planOnly) {
                const dryRun = await applyManifests(model, manifests, secrets.resolve, connect, io, true);
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
                failed = !(await applyManifests(model, manifests, secrets.resolve, connect, io, false));
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

/** Public keys of every WireGuard member (generated on the host when missing and `generate`). */
async function collectKeys(model: TopologyModel, connect: (host: ModelHost) => Promise<SshSession>, generate: boolean, io: CliIo): Promise<Map<string, string>> {
    const keys = new Map<string, string>();
    for (const mesh of model.wireguards) {
        await Promise.all(
            mesh.members.map(async (member) => {
                try {
                    const key = await collectWireGuardKey(await connect(member.host), mesh.name, generate);
                    if (key) {
                        keys.set(member.host.name, key);
                    }
                } catch (error) {
                    io.stderr(`${member.host.name}: WireGuard key not collected: ${error instanceof Error ? error.message : String(error)}\n`);
                }
            })
        );
    }
    return keys;
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
