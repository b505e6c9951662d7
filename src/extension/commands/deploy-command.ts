/**
 * "bgptopo: Deploy": the deploy workflow (deploy/deploy-workflow.ts) with the editor as its shell: the
 * stored secrets, a cancellable notification per stage, every changed file in VS Code's diff editor and one
 * modal confirmation, results in the output.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { deployInput } from '../../deploy/deploy-input.js';
import type { ModelManifestsResult } from '../../deploy/deploy-kubernetes.js';
import { describeRestart } from '../../deploy/deploy-restart.js';
import { deployOwner } from '../../deploy/deploy-run.js';
import type { FilePlan, HostDeployResult } from '../../deploy/deploy-types.js';
import { runDeploy, type DeployQuestion } from '../../deploy/deploy-workflow.js';
import { secretSource } from '../../deploy/workflow-ports.js';
import { renderTopology } from '../../render/render-topology.js';
import { createTemplateLoader } from '../../node/template-loader-fs.js';
import { editorSshConnector } from '../deploy/ssh-connector.js';
import { readSettings } from '../settings.js';
import { UserFacingError, type TopologyArgument } from '../topology-target.js';
import { requireTrustedWorkspace } from '../workspace-trust.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { usableTopology } from './topology-checks.js';
import { editorProgress } from './workflow-progress.js';

/** More diff tabs than this would bury the editor; the rest are listed in the output. */
const MAX_DIFF_TABS = 12;

export async function deployCommand(context: CommandContext, argument?: TopologyArgument): Promise<CommandOutcome> {
    requireTrustedWorkspace('Deploy');
    const { document, model } = await usableTopology(context.models, argument, 'deploy');
    const settings = readSettings(document.uri);
    const name = vscode.workspace.asRelativePath(document.uri);
    context.log.info(`deploy ${name}: planning`);
    const outcome = await runDeploy(
        deployInput(model, document.uri.toString()),
        { planOnly: false, manifests: true, concurrency: settings.deployConcurrency, owner: deployOwner(' (VS Code)'), healthTimeoutSeconds: settings.deployHealthTimeoutSeconds },
        {
            connect: editorSshConnector(settings.ssh, context.secrets, context.log, dirname(document.uri.fsPath)),
            progress: editorProgress(context.log, 'deploy'),
            secrets: secretSource((secret) => context.secrets.getSecret(secret)),
            render: async ({ publicKeys, secrets }) =>
                renderTopology(model, {
                    templates: createTemplateLoader(settings.templateDirs),
                    secrets,
                    publicKeys: (host) => publicKeys.get(host)
                }).files,
            showPlan: (plan) => {
                plan.run.failures.forEach((failure) => context.log.error(`  ${failure.host}: ${failure.outcome}: ${failure.message}`));
                if (plan.dryRun) {
                    logManifests(context, plan.dryRun, 'dry-run');
                }
            },
            confirm: (question) => confirmDeploy(context, question),
            confirmDrift: (drifted) => confirmDrift(drifted),
            hostFinished: (result) => logResult(context, result)
        }
    );
    switch (outcome.status) {
        case 'missing-secrets':
            throw new UserFacingError(`bgptopo: set the secret(s) ${outcome.names.join(', ')} first (command "bgptopo: Set Secret").`);
        case 'keys-failed':
            throw new UserFacingError(`bgptopo: cannot collect the WireGuard key of ${outcome.failures[0].host}: ${outcome.failures[0].message}`);
        case 'nodes-missing':
            outcome.missing.forEach((finding) => context.log.error(`  line ${finding.line}: ${finding.message}`));
            throw new UserFacingError(`bgptopo: nothing deployed — line ${outcome.missing[0].line}: ${outcome.missing[0].message}`);
        case 'nothing-reachable':
            throw new UserFacingError(`bgptopo: nothing deployed — no host could be reached (${outcome.plan.run.failures.map((failure) => failure.message).join('; ')}).`);
        case 'planned':
        case 'up-to-date': {
            const unreachable = outcome.plan.run.failures.length;
            const message = `deploy ${name}: every file is already up to date${unreachable ? `; ${unreachable} host(s) unreachable` : ''}`;
            context.log.info(message);
            void vscode.window.showInformationMessage(`bgptopo: ${message}`);
            return { ok: unreachable === 0, message, changed: 0 };
        }
        case 'plan-mismatch': // only with a pinned plan file, which the editor never gives
        case 'not-confirmed':
            context.log.info(`deploy ${name}: not confirmed, nothing changed`);
            return { ok: false, message: 'deploy not confirmed; nothing changed', changed: 0 };
        case 'applied': {
            const { results, manifests, plan } = outcome;
            const failed = results.filter((result) => !['applied', 'unchanged'].includes(result.outcome));
            if (manifests) {
                logManifests(context, manifests, 'applied');
            } else if (outcome.manifestsSkipped) {
                context.log.error(`  cluster manifests skipped: not every host was deployed`);
            }
            const withManifests = plan.manifests.length > 0;
            const message =
                `deploy ${name}: ${results.length - failed.length} host(s) done, ${failed.length} failed or skipped` +
                (withManifests ? `; cluster manifests ${manifests ? (manifests.ok ? 'applied' : 'FAILED') : 'skipped'}` : '');
            context.log.info(message);
            const ok = failed.length === 0 && (!withManifests || manifests?.ok === true);
            const show = ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
            void show(`bgptopo: ${message}`, 'Show Output').then((action) => action && context.log.show());
            return { ok, message, changed: plan.changes.length, results };
        }
    }
}

/** Every changed file in the diff editor, then one modal question. */
async function confirmDeploy(context: CommandContext, question: DeployQuestion): Promise<boolean> {
    context.deployDiffs.begin();
    for (const [index, { host, file }] of question.changes.entries()) {
        if (index >= MAX_DIFF_TABS) {
            context.log.info(`  (diff not opened) ${host}: ${file.file.path}`);
            continue;
        }
        const { before, after } = context.deployDiffs.add(host, file.file.path, file.current, file.file.content);
        await vscode.commands.executeCommand('vscode.diff', before, after, `${host}: ${file.file.path} (current ↔ new)`, { preview: false, preserveFocus: true });
    }
    const manifestCount = question.manifests?.results.length ?? 0;
    const deploy = `Deploy ${question.changes.length} changed file(s) to ${question.hosts} host(s)`;
    const apply = 'Deploy';
    const answer = await vscode.window.showWarningMessage(
        question.changes.length === 0
            ? `Apply ${manifestCount} cluster manifest(s)? Every host file is up to date.`
            : manifestCount > 0
              ? `${deploy}, then apply ${manifestCount} cluster manifest(s)?`
              : `${deploy}?`,
        {
            modal: true,
            detail: [
                ...question.changes.map(({ host, file }) => `${host}: ${file.file.path} (${file.change}${file.drift ? ', DRIFT: changed by hand since bgptopo installed it' : ''})`),
                ...question.restarts.map(({ host, restart }) => describeRestart(host, restart)),
                ...(question.manifests?.results ?? []).map((result) => `${result.path} via ${result.node}: ${result.message}`),
                ...(question.manifests?.problems ?? []),
                ...question.unreachable.map((failure) => `not reachable, skipped: ${failure.host}`)
            ].join('\n')
        },
        apply
    );
    return answer === apply;
}

/** Drift (a hand edit since bgptopo installed the file) is overwritten only after its own question. */
async function confirmDrift(drifted: readonly { readonly host: string; readonly file: FilePlan }[]): Promise<boolean> {
    const overwrite = 'Overwrite hand edits';
    const answer = await vscode.window.showWarningMessage(
        `${drifted.length} file(s) were changed by hand on the host since bgptopo installed them. Overwrite them?`,
        {
            modal: true,
            detail: [...drifted.map(({ host, file }) => `${host}: ${file.file.path}`), '', 'Without this, those hosts are left as they are and reported as drift.'].join('\n')
        },
        overwrite
    );
    return answer === overwrite;
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
