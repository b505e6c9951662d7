/**
 * "bgptopo: Deploy": render with the stored secrets (and the WireGuard public keys collected from the
 * hosts) → plan over SSH, and a server-side dry run of the cluster manifests and password Secrets → every
 * changed file in VS Code's diff editor → one modal confirmation → apply host by host in the safe order with
 * a cancellable progress notification → when every host is done, the cluster manifests → results in the
 * output.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { applyDeploy, closeSessions, deployOwner, planDeploy, type PlanRun } from '../../deploy/deploy-run.js';
import { collectPublicKeys } from '../../deploy/deploy-host.js';
import { applyModelManifests, clusterFiles, type ModelManifestsResult } from '../../deploy/deploy-kubernetes.js';
import type { HostDeployResult } from '../../deploy/deploy-types.js';
import type { SshSession } from '../../deploy/ssh-session.js';
import { sessionPool } from '../../deploy/ssh-session-pool.js';
import type { ModelHost, TopologyModel } from '../../model/topology-model.js';
import type { RenderedFile } from '../../render/render-types.js';
import { renderTopology } from '../../render/render-topology.js';
import type { DeployFile } from '../../deploy/deploy-file-kinds.js';
import { createTemplateLoader } from '../../render/template-loader-fs.js';
import { secretNames } from '../deploy/secret-store.js';
import { EditorSshConnector } from '../deploy/ssh-connector.js';
import { readSettings } from '../settings.js';
import { UserFacingError, type TopologyArgument } from '../topology-target.js';
import { raceCancellation } from './cancellation.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { usableTopology } from './topology-checks.js';

/** More diff tabs than this would bury the editor; the rest are listed in the output. */
const MAX_DIFF_TABS = 12;

export async function deployCommand(context: CommandContext, argument?: TopologyArgument): Promise<CommandOutcome> {
    const { document, model } = await usableTopology(context.models, argument, 'deploy');
    const settings = readSettings(document.uri);
    const name = vscode.workspace.asRelativePath(document.uri);
    const { values, missing } = await context.secrets.resolveAll(secretNames(model));
    if (missing.length > 0) {
        throw new UserFacingError(`bgptopo: set the secret(s) ${missing.join(', ')} first (command "bgptopo: Set Secret").`);
    }
    const connector = new EditorSshConnector(settings.ssh, context.secrets, context.log, dirname(document.uri.fsPath));
    // Sessions opened while collecting WireGuard keys are reused by the plan (one connection per host).
    const sessions = sessionPool(connector.forModel(model));
    context.log.info(`deploy ${name}: planning`);
    let run: PlanRun | undefined;
    let files: RenderedFile[] = [];
    let manifestPlan: ModelManifestsResult | undefined;
    const resolveSecret = (secret: string) => values.get(secret);
    const connectHost = (host: ModelHost) => sessions.connect(host);
    try {
        run = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `bgptopo: planning the deploy of ${name}`, cancellable: true },
            async (progress, token) => {
                const keys = model.wireguards.length > 0 ? await raceCancellation(collectMeshKeys(model, connectHost, progress), token, 'deploy') : new Map<string, string>();
                files = renderTopology(model, {
                    templates: createTemplateLoader(settings.templateDirs),
                    sourceName: document.uri.path.split('/').pop(),
                    secrets: resolveSecret,
                    publicKeys: (host) => keys.get(host)
                }).files;
                progress.report({ message: `reading the current files of ${new Set(files.map((file) => file.host).filter(Boolean)).size} host(s)` });
                const planned = await raceCancellation(
                    planDeploy(model, files, connectHost, { concurrency: settings.deployConcurrency, owner: deployOwner(' (VS Code)'), reporter: { info: (line) => context.log.info(line) } }),
                    token,
                    'deploy'
                );
                if (clusterFiles(files).length > 0) {
                    progress.report({ message: 'server-side dry run of the cluster manifests' });
                    manifestPlan = await raceCancellation(applyModelManifests(model, files, resolveSecret, connectHost, { dryRunOnly: true }), token, 'deploy');
                    logManifests(context, manifestPlan, 'dry-run');
                }
                return planned;
            }
        );
        for (const failure of run.failures) {
            context.log.error(`  ${failure.host}: ${failure.outcome}: ${failure.message}`);
        }
        const changes = run.plans.flatMap((plan) => plan.files.filter((file) => file.change !== 'unchanged').map((file) => ({ host: plan.host, file })));
        if (run.plans.length === 0) {
            const reasons = run.failures.map((failure) => failure.message).join('; ');
            throw new UserFacingError(`bgptopo: nothing deployed — no host could be reached (${reasons || 'no host gets files'}).`);
        }
        const manifestCount = manifestPlan?.results.length ?? 0;
        if (changes.length === 0 && manifestCount === 0) {
            const message = `deploy ${name}: every file is already up to date${run.failures.length ? `; ${run.failures.length} host(s) unreachable` : ''}`;
            context.log.info(message);
            void vscode.window.showInformationMessage(`bgptopo: ${message}`);
            return { ok: run.failures.length === 0, message, changed: 0 };
        }
        await showDiffs(context, changes.map((change) => ({ host: change.host, rendered: change.file.file, current: change.file.current })));
        const apply = 'Deploy';
        const question = `Deploy ${changes.length} changed file(s) to ${new Set(changes.map((change) => change.host)).size} host(s)`;
        const answer = await vscode.window.showWarningMessage(
            changes.length === 0
                ? `Apply ${manifestCount} cluster manifest(s)? Every host file is up to date.`
                : manifestCount > 0
                  ? `${question}, then apply ${manifestCount} cluster manifest(s)?`
                  : `${question}?`,
            {
                modal: true,
                detail: [
                    ...changes.map((change) => `${change.host}: ${change.file.file.path} (${change.file.change})`),
                    ...(manifestPlan?.results ?? []).map((result) => `${result.path} via ${result.node}: ${result.message}`),
                    ...(manifestPlan?.problems ?? []),
                    ...run.failures.map((failure) => `not reachable, skipped: ${failure.host}`)
                ].join('\n')
            },
            apply
        );
        if (answer !== apply) {
            context.log.info(`deploy ${name}: not confirmed, nothing changed`);
            return { ok: false, message: 'deploy not confirmed; nothing changed', changed: 0 };
        }
        const planned = run;
        const results = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `bgptopo: deploying ${name}`, cancellable: true },
            (progress, token) =>
                applyDeploy(model, planned, {
                    concurrency: settings.deployConcurrency,
                    owner: deployOwner(' (VS Code)'),
                    reporter: {
                        info: (line) => context.log.info(line),
                        hostStarted: (host) => progress.report({ message: host }),
                        hostFinished: (result) => logResult(context, result),
                        cancelled: () => token.isCancellationRequested
                    }
                })
        );
        const failed = results.filter((result) => !['applied', 'unchanged'].includes(result.outcome));
        let manifests: ModelManifestsResult | undefined;
        if (manifestCount > 0) {
            if (failed.length === 0 && run.failures.length === 0) {
                manifests = await applyModelManifests(model, files, resolveSecret, connectHost, { dryRunOnly: false });
                logManifests(context, manifests, 'applied');
            } else {
                context.log.error(`  cluster manifests skipped: not every host was deployed`);
            }
        }
        const manifestsOk = manifestCount === 0 || manifests?.ok === true;
        const message =
            `deploy ${name}: ${results.length - failed.length} host(s) done, ${failed.length} failed or skipped` +
            (manifestCount > 0 ? `; cluster manifests ${manifests ? (manifests.ok ? 'applied' : 'FAILED') : 'skipped'}` : '');
        context.log.info(message);
        const ok = failed.length === 0 && manifestsOk;
        const show = ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
        void show(`bgptopo: ${message}`, 'Show Output').then((action) => action && context.log.show());
        return { ok, message, changed: changes.length, results };
    } finally {
        if (run) {
            closeSessions(run);
        }
        sessions.closeAll();
    }
}

function logManifests(context: CommandContext, outcome: ModelManifestsResult, verb: string): void {
    for (const result of outcome.results) {
        const line = `  ${result.ok ? verb : 'FAILED'} ${result.path} via ${result.node}: ${result.message}`;
        if (result.ok) context.log.info(line);
        else context.log.error(line);
    }
    outcome.problems.forEach((problem) => context.log.error(`  ${problem}`));
}

function logResult(context: CommandContext, result: HostDeployResult): void {
    const line = `  ${result.host}: ${result.outcome} — ${result.message} (${result.durationMs} ms)`;
    if (result.outcome === 'applied' || result.outcome === 'unchanged') {
        context.log.info(line);
    } else {
        context.log.error(line);
    }
    result.log.forEach((entry) => context.log.info(`    ${entry}`));
}

async function showDiffs(context: CommandContext, files: { host: string; rendered: DeployFile; current: string | undefined }[]): Promise<void> {
    context.deployDiffs.begin();
    for (const [index, file] of files.entries()) {
        if (index >= MAX_DIFF_TABS) {
            context.log.info(`  (diff not opened) ${file.host}: ${file.rendered.path}`);
            continue;
        }
        const { before, after } = context.deployDiffs.add(file.host, file.rendered.path, file.current, file.rendered.content);
        await vscode.commands.executeCommand('vscode.diff', before, after, `${file.host}: ${file.rendered.path} (current ↔ new)`, { preview: false, preserveFocus: true });
    }
}

/** The WireGuard public keys, generated on the hosts where missing; any member that fails stops the deploy. */
async function collectMeshKeys(model: TopologyModel, connect: (host: ModelHost) => Promise<SshSession>, progress: vscode.Progress<{ message?: string }>): Promise<Map<string, string>> {
    progress.report({ message: `collecting WireGuard keys of ${model.wireguards.map((mesh) => mesh.name).join(', ')}` });
    const { keys, failures } = await collectPublicKeys(model, connect, true);
    const [failure] = failures;
    if (failure) {
        throw new UserFacingError(`bgptopo: cannot collect the WireGuard key of ${failure.host}: ${failure.message}`);
    }
    return keys;
}
