/**
 * "bgptopo: Render All to Folder": every file of the topology into `DIR/<host>/<path>` and
 * `DIR/clusters/<cluster>/<kind>.yaml` (the CLI's layout). Secrets come from SecretStorage; a secret or
 * WireGuard key that is not known becomes the renderer's placeholder comment, as in `bgptopo render`.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { outputPath } from '../../render/output-paths.js';
import { renderTopology } from '../../render/render-topology.js';
import { createTemplateLoader } from '../../node/template-loader-fs.js';
import { secretNames } from '../deploy/secret-store.js';
import { readSettings } from '../settings.js';
import type { TopologyArgument } from '../topology-target.js';
import { UserFacingError } from '../topology-target.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import { usableTopology } from './topology-checks.js';

export async function renderAllCommand(context: CommandContext, argument?: TopologyArgument, target?: vscode.Uri | string): Promise<CommandOutcome> {
    const { document, model } = await usableTopology(context.models, argument, 'render');
    const folder = typeof target === 'string' ? vscode.Uri.file(target) : target ?? (await askFolder(document.uri));
    if (!folder) {
        return { ok: false, message: 'no folder chosen' };
    }
    const settings = readSettings(document.uri);
    const { values } = await context.secrets.resolveAll(secretNames(model));
    const files = renderTopology(model, {
        templates: createTemplateLoader(settings.templateDirs),
        secrets: (name) => values.get(name),
        allowMissingKeys: true
    }).files;
    const written = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `bgptopo: rendering ${files.length} file(s)`, cancellable: true },
        async (progress, token) => {
            let count = 0;
            for (const file of files) {
                if (token.isCancellationRequested) {
                    throw new UserFacingError(`bgptopo: render cancelled after ${count} of ${files.length} file(s).`);
                }
                const path = outputPath(folder.fsPath, file);
                await vscode.workspace.fs.createDirectory(vscode.Uri.file(dirname(path)));
                await vscode.workspace.fs.writeFile(vscode.Uri.file(path), new TextEncoder().encode(file.content));
                count++;
                progress.report({ increment: 100 / files.length, message: `${file.host ?? file.cluster ?? ''} ${file.path}` });
                context.log.info(`  wrote ${path}`);
            }
            return count;
        }
    );
    const message = `${written} file(s) rendered to ${folder.fsPath}`;
    context.log.info(message);
    void vscode.window.showInformationMessage(`bgptopo: ${message}`, 'Reveal in Explorer').then((action) => {
        if (action) {
            void vscode.commands.executeCommand('revealInExplorer', folder);
        }
    });
    return { ok: true, message, files: written, folder: folder.fsPath };
}

async function askFolder(topology: vscode.Uri): Promise<vscode.Uri | undefined> {
    const base = vscode.workspace.getWorkspaceFolder(topology)?.uri ?? vscode.Uri.file(dirname(topology.fsPath));
    const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        defaultUri: base,
        openLabel: 'Render Here',
        title: 'bgptopo: render every file into which folder?'
    });
    return picked?.[0];
}
