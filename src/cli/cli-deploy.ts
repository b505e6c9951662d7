/**
 * `bgptopo deploy FILE [--hosts H,…] [--plan] [--yes] …`: the deploy workflow (deploy/deploy-workflow.ts)
 * with the terminal as its shell: the plan printed (a diff per file), a `y` at the terminal (or `--yes`),
 * each host's result as it finishes. Exit 0 when every host is up to date or applied, 1 when a host failed
 * or was rolled back, 2 on usage errors or unreachable hosts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline/promises';
import { DEFAULT_HEALTH_TIMEOUT_SECONDS } from '../deploy/deploy-host.js';
import { deployInput } from '../deploy/deploy-input.js';
import { planFileText } from '../deploy/deploy-plan-file.js';
import { deployOwner } from '../deploy/deploy-run.js';
import { runDeploy } from '../deploy/deploy-workflow.js';
import { secretSource } from '../deploy/workflow-ports.js';
import { renderTopology } from '../render/index.js';
import { createTemplateLoader } from '../node/template-loader-fs.js';
import { done, ExitCode, ioError, usageError, type CliCommand } from './cli-command.js';
import { formatResult, printDrift, printManifests, printPlan } from './cli-deploy-output.js';
import { concurrency as concurrencyOption, hostsOption, isCommandResult, oneTopologyFile, templateDirs, TEMPLATES_OPTION } from './cli-arguments.js';
import { isLoaded, loadTopologyModel } from './cli-topology.js';
import { invocationSecrets, SECRETS_OPTION } from './cli-secrets.js';
import { cliConnector, cliProgress, SSH_OPTIONS } from './cli-ssh.js';

export const deployCommand: CliCommand = {
    name: 'deploy',
    summary: 'Plan (diff) and apply the rendered configs on the hosts over SSH',
    usage: 'FILE [--hosts HOST,…] [--plan [--out PLAN]] [--apply PLAN] [--yes] [--overwrite-drift] [--health-timeout SECONDS] [--identity FILE] [--known-hosts FILE] [--accept-new] [--concurrency N]',
    options: {
        hosts: { type: 'string', valueName: 'HOST,…', description: 'Deploy only these hosts (cluster manifests are then skipped)' },
        plan: { type: 'boolean', description: 'Show what would change and change nothing' },
        out: { type: 'string', valueName: 'PLAN', description: 'With --plan: write the plan (checksums, no contents) for a later --apply' },
        apply: { type: 'string', valueName: 'PLAN', description: 'Apply exactly the plan written by --plan --out, or nothing (no question asked; host files must still be what the plan read)' },
        yes: { type: 'boolean', short: 'y', description: 'Apply without asking (never overwrites drift)' },
        'overwrite-drift': { type: 'boolean', description: 'Replace host files that were changed by hand since bgptopo installed them (drift, shown in the plan)' },
        'health-timeout': {
            type: 'string',
            valueName: 'SECONDS',
            description: `How long each service gets to be healthy after a reload before the host is rolled back (default ${DEFAULT_HEALTH_TIMEOUT_SECONDS})`
        },
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
        const healthTimeoutSeconds = Number(invocation.values['health-timeout'] ?? DEFAULT_HEALTH_TIMEOUT_SECONDS);
        if (!Number.isInteger(healthTimeoutSeconds) || healthTimeoutSeconds < 1) {
            return usageError('--health-timeout takes a whole number of seconds ≥ 1');
        }
        const overwriteDrift = invocation.values['overwrite-drift'] === true;
        const planOut = typeof invocation.values.out === 'string' ? resolve(invocation.cwd, invocation.values.out) : undefined;
        const planIn = typeof invocation.values.apply === 'string' ? resolve(invocation.cwd, invocation.values.apply) : undefined;
        if ((planOut && !planOnly) || (planIn && planOnly)) {
            return usageError('--out goes with --plan, --apply PLAN without it');
        }
        let pinnedPlan: string | undefined;
        try {
            pinnedPlan = planIn ? readFileSync(planIn, 'utf8') : undefined;
        } catch (error) {
            return ioError([`${invocation.values.apply}: ${error instanceof Error ? error.message : String(error)}`]);
        }
        const connect = cliConnector(invocation, io, file);
        const secrets = secretSource(invocationSecrets(invocation, io));
        const printed = new Set<string>();
        let outcome;
        try {
            outcome = await runDeploy(
                deployInput(model, pathToFileURL(loaded.absolutePath).href),
                // A pinned plan covers host files; cluster manifests go with a deploy without --apply.
                { planOnly, manifests: !wanted && !pinnedPlan, concurrency, owner: deployOwner(), healthTimeoutSeconds, overwriteDrift, pinnedPlan },
                {
                    connect,
                    progress: cliProgress(io),
                    secrets,
                    render: async ({ publicKeys, secrets }) =>
                        renderTopology(model, {
                            templates: createTemplateLoader(templateDirs(invocation)),
                            secrets,
                            publicKeys: (host) => publicKeys.get(host),
                            allowMissingKeys: planOnly,
                            hosts: wanted
                        }).files,
                    showPlan: (plan) => {
                        printPlan(plan, io);
                        printDrift(plan, overwriteDrift, io);
                    },
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
            case 'nodes-missing':
                outcome.missing.forEach((finding) => io.stderr(`${loaded.displayPath}:${finding.line}: ${finding.message}\n`));
                return done(ExitCode.Findings);
            case 'planned': {
                const { changes, manifests, dryRun } = outcome.plan;
                io.stdout(
                    `plan: ${changes.length} file(s) to change on ${outcome.plan.run.plans.length} host(s)${manifests.length ? `, ${manifests.length} cluster manifest(s) to apply` : ''}; nothing was changed (--plan)\n`
                );
                if (planOut) {
                    writeFileSync(planOut, planFileText(outcome.plan.run.plans, loaded.displayPath));
                    io.stdout(`plan written to ${invocation.values.out}: apply it with --apply ${invocation.values.out}\n`);
                }
                return done(unreachable ? ExitCode.UsageOrIo : dryRun && !dryRun.ok ? ExitCode.Findings : ExitCode.Ok);
            }
            case 'plan-mismatch':
                outcome.problems.forEach((problem) => io.stderr(`${problem}\n`));
                io.stderr(`not applied: the hosts or the topology no longer match the plan ${invocation.values.apply}; nothing was changed\n`);
                return done(ExitCode.Findings);
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
