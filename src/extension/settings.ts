/**
 * Every `bgptopo.*` setting is read here and nowhere else (declared in package.json `contributes.configuration`).
 * Values are read on each call, so a changed setting applies to the next preview, render or deploy.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_HEALTH_TIMEOUT_SECONDS } from '../deploy/deploy-host.js';

export const SETTINGS_SECTION = 'bgptopo';

export interface SshSettings {
    /** Login user for hosts whose topology gives none (`defaults { ssh user … }` wins). */
    readonly defaultUser: string | undefined;
    /** Private key file; empty means ssh-agent (SSH_AUTH_SOCK). */
    readonly identityFile: string | undefined;
    readonly knownHostsFile: string;
    readonly connectTimeoutMs: number;
}

export interface BgptopoSettings {
    /** Template folders searched before the built-in templates, absolute (none in Restricted Mode). */
    readonly templateDirs: string[];
    /** Restricted Mode: templates of one's own are not used (see workspace-trust.ts). */
    readonly restricted: boolean;
    readonly ssh: SshSettings;
    readonly deployConcurrency: number;
    /** Seconds each service gets to be healthy after a reload (bgptopo.deploy.healthTimeoutSeconds). */
    readonly deployHealthTimeoutSeconds: number;
    readonly previewDebounceMs: number;
}

function expandPath(path: string, base: string | undefined): string {
    const expanded = path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
    return isAbsolute(expanded) || !base ? expanded : resolve(base, expanded);
}

function nonEmpty(value: string | undefined): string | undefined {
    return value && value.trim() !== '' ? value.trim() : undefined;
}

/** The settings in effect for `scope` (a topology file's URI: folder settings apply). */
export function readSettings(scope?: vscode.Uri): BgptopoSettings {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
    const folder = scope ? vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const identity = nonEmpty(config.get<string>('ssh.identityFile'));
    // nunjucks templates are not sandboxed: in Restricted Mode only the built-in ones render. (VS Code
    // already hides the workspace's value there, `restrictedConfigurations`; a user-level one is not used
    // either, since the folder it names may be the untrusted workspace's.)
    const restricted = !vscode.workspace.isTrusted;
    const templates = restricted ? undefined : nonEmpty(config.get<string>('templatesFolder'));
    return {
        templateDirs: templates ? [expandPath(templates, folder)] : [],
        restricted,
        ssh: {
            defaultUser: nonEmpty(config.get<string>('ssh.defaultUser')),
            identityFile: identity ? expandPath(identity, folder) : undefined,
            knownHostsFile: expandPath(nonEmpty(config.get<string>('ssh.knownHostsFile')) ?? '~/.ssh/known_hosts', folder),
            connectTimeoutMs: Math.max(1, config.get<number>('ssh.connectTimeoutSeconds', 10)) * 1000
        },
        deployConcurrency: Math.max(1, Math.floor(config.get<number>('deploy.concurrency', 8))),
        deployHealthTimeoutSeconds: Math.max(1, Math.floor(config.get<number>('deploy.healthTimeoutSeconds', DEFAULT_HEALTH_TIMEOUT_SECONDS))),
        previewDebounceMs: Math.max(0, config.get<number>('preview.debounceMs', 300))
    };
}

