/**
 * "bgptopo: Set Secret": stores the value of a `password secret "NAME"` in SecretStorage. The names the
 * active topology uses are offered; the value is typed into a password box and never logged.
 */
import * as vscode from 'vscode';
import { resolveTopologyDocument } from '../topology-target.js';
import type { CommandContext, CommandOutcome } from './command-context.js';

export async function setSecretCommand(context: CommandContext, name?: string, value?: string): Promise<CommandOutcome> {
    const secret = name ?? (await askName(context));
    if (!secret) {
        return { ok: false, message: 'no secret name given' };
    }
    const entered =
        value ??
        (await vscode.window.showInputBox({
            title: `bgptopo: value of secret "${secret}"`,
            prompt: 'Kept in the editor\'s secret storage; used by Deploy and Render All, never shown in previews',
            password: true,
            ignoreFocusOut: true
        }));
    if (entered === undefined) {
        return { ok: false, message: 'no value given' };
    }
    if (entered === '') {
        await context.secrets.deleteSecret(secret);
        context.log.info(`secret "${secret}" removed`);
        return { ok: true, message: `secret "${secret}" removed` };
    }
    await context.secrets.setSecret(secret, entered);
    context.log.info(`secret "${secret}" stored`);
    void vscode.window.showInformationMessage(`bgptopo: secret "${secret}" stored.`);
    return { ok: true, message: `secret "${secret}" stored` };
}

async function askName(context: CommandContext): Promise<string | undefined> {
    const document = await resolveTopologyDocument();
    const names = document ? await context.models.secretNames(document) : [];
    if (names.length === 0) {
        return vscode.window.showInputBox({ title: 'bgptopo: secret name', prompt: 'The NAME of `password secret "NAME"`', ignoreFocusOut: true });
    }
    const items = await Promise.all(
        names.map(async (secret) => ({ label: secret, description: (await context.secrets.getSecret(secret)) === undefined ? 'not set' : 'set' }))
    );
    return (await vscode.window.showQuickPick(items, { title: 'bgptopo: set which secret?' }))?.label;
}
