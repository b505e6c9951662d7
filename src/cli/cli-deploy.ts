/**
 * `bgptopo deploy FILE [--hosts H,…] [--plan] [--yes] …`: the deploy workflow (deploy/deploy-workflow.ts)
 * with the terminal as its shell: the plan printed (a diff per file), a `y` at the terminal (or `--yes`),
 * each host's result as it finishes. Exit 0 when every host is up to date or applied, 1 when a host failed
 * or was rolled back, 2 on usage errors or unreachable hosts.
 */
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline/promises';
import { deployInput } from '../deploy/deploy-input.js';
import { deployOwner } from '../deploy/deploy-run.js';
import { runDeploy } from '../deploy/deploy-workflow.js';
import { secretSource } from '../deploy/workflow-ports.js';
import { renderTopology } from '../render/index.js';
import { createTemplateLoader } from '../node/template-loader-fs.js';
import { done, ExitCode, ioError, type CliCommand } from './cli-command.js';
import { formatResult, printManifests, printPlan } from './cli-deploy-output.js';
import { concurrency as concurrencyOption, hostsOption, isCommandResult, oneTopologyFile, templateDirs, TEMPLATES_OPTION } from './cli-arguments.js';
import { isLoaded, loadTopologyModel } from './cli-topology.js';
import { invocationSecrets, SECRETS_OPTION } from './cli-secrets.js';
import { cliConnector, cliProgress, SSH_OPTIONS } from './cli-ssh.js';

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
        const connect = cliConnector(invocation, io, file);
        const secrets = secretSource(invocationSecrets(invocation, io));
        const printed = new Set<string>();
        let outcome;
        try {
            outcome = await runDeploy(
                deployInput(model, pathToFileURL(loaded.absolutePath).href),
                { planOnly, manifests: !wanted, concurrency, owner: deployOwner() },
                {
                    connect,
                    progress: cliProgress(io),
                    secrets,
                    render: async ({ publicKeys, secrets }) =>
                        renderTopology(model, {
                            templates: createTemplateLoader(templateDirs(invocation)),
                            sourceName: loaded.displayPath.split('/').pop(),
                            secrets,
                            publicKeys: (host) => publicKeys.get(host),
                            allowMissingKeys: planOnly,
                            hosts: wanted
                        }).files,
                    showPlan: (plan) => printPlan(plan, io),
                    confirm: invocation.values.yes === true ? undefined : (question) => confirm(`Apply ${question.changes.length} file change(s) on ${question.hosts} host(s)?`),
                    hostFinished: (result) => {
                        printed.add(result.host);
                        io.stdout(formatResult(result));
                    }
                }
            );
        } catch (error) {
            return ioError([error instanceof Error ? error.message : String(error)]);
        }
        const unreachable = 'plan' in outcome && outcome.plan.run.failures.length > 0;
        switch (outcome.status) {
            case 'missing-secrets':
                return ioError([`secret(s) ${outcome.names.join(', ')} not set: give each as BGPTOPO_SECRET_<NAME> or a line NAME=value in --secrets FILE`]);
            case 'keys-failed':
                return ioError(outcome.failures.map((failure) => `${failure.host}: WireGuard key not collected: ${failure.message}; nothing was changed`));
            case 'planned': {
                const { changes, manifests, dryRun } = outcome.plan;
                io.stdout(
                    `plan: ${changes.length} file(s) to change on ${outcome.plan.run.plans.length} host(s)${manifests.length ? `, ${manifests.length} cluster manifest(s) to apply` : ''}; nothing was changed (--plan)\n`
                );
                return done(unreachable ? ExitCode.UsageOrIo : dryRun && !dryRun.ok ? ExitCode.Findings : ExitCode.Ok);
            }
            case 'nothing-reachable':
            case 'up-to-date':
                io.stdout(unreachable ? 'every reachable host is up to date\n' : 'everything is up to date\n');
                return done(unreachable ? ExitCode.UsageOrIo : ExitCode.Ok);
            case 'not-confirmed':
                io.stderr('not applied (confirm with y, or pass --yes)\n');
                return done(ExitCode.UsageOrIo);
            case 'applied': {
                // Hosts that never started (skipped after a failure in their VIP group, or unreachable).
                outcome.results.filter((result) => !printed.has(result.host)).forEach((result) => io.stdout(formatResult(result)));
                if (outcome.manifests) {
                    printManifests(outcome.manifests, 'applied', io);
                } else if (outcome.manifestsSkipped) {
                    io.stdout(`skipped   ${outcome.plan.manifests.length} cluster manifest(s): not every host was deployed\n`);
                }
                const failed = outcome.results.some((result) => !['applied', 'unchanged'].includes(result.outcome)) || outcome.manifests?.ok === false;
                const refused = unreachable || outcome.results.some((r) => r.outcome === 'unreachable' || r.outcome === 'refused');
                return done(refused ? ExitCode.UsageOrIo : failed ? ExitCode.Findings : ExitCode.Ok);
            }
        }
    }
};

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
