/**
 * Argument checks the operational commands share. Each returns the value, or the usage error to return
 * (exit 2) — check with {@link isCommandResult}.
 */
import type { TopologyModel } from '../model/topology-model.js';
import { resolve } from 'node:path';
import { usageError, type CliInvocation, type CliOption, type CommandResult } from './cli-command.js';

/** `--templates DIR` (repeatable), for the commands that render. */
export const TEMPLATES_OPTION: CliOption = { type: 'string', multiple: true, valueName: 'DIR', description: 'Template folder searched before the built-in templates (repeatable)' };

/** The `--templates` folders, resolved against the working directory, in the order given. */
export function templateDirs(invocation: CliInvocation): string[] {
    return ((invocation.values.templates as string[] | undefined) ?? []).map((dir) => resolve(invocation.cwd, dir));
}

export function isCommandResult(value: unknown): value is CommandResult {
    return typeof value === 'object' && value !== null && 'kind' in value;
}

/** The single topology file a command works on. */
export function oneTopologyFile(invocation: CliInvocation): string | CommandResult {
    const [file, ...extra] = invocation.positionals;
    return !file || extra.length > 0 ? usageError('give exactly one topology file') : file;
}

/** `--format text|json` (default text). */
export function textOrJson(invocation: CliInvocation): 'text' | 'json' | CommandResult {
    const format = invocation.values.format ?? 'text';
    return format === 'text' || format === 'json' ? format : usageError(`unknown format '${String(format)}' (expected text, json)`);
}

/** `--concurrency N`, a whole number ≥ 1. */
export function concurrency(invocation: CliInvocation, fallback: number): number | CommandResult {
    const value = Number(invocation.values.concurrency ?? fallback);
    return Number.isInteger(value) && value >= 1 ? value : usageError('--concurrency takes a whole number ≥ 1');
}

/** `--hosts H,…`: undefined when not given; every name must be a host of the topology. */
export function hostsOption(invocation: CliInvocation, model: TopologyModel): string[] | undefined | CommandResult {
    const value = invocation.values.hosts;
    if (typeof value !== 'string') {
        return undefined;
    }
    const names = listOption(value)!;
    const missing = names.filter((name) => !model.hosts.some((host) => host.name === name));
    return missing.length > 0 ? usageError(`no such host(s) in the topology: ${missing.join(', ')}`) : names;
}

/** A comma-separated option value as a list (undefined when the option was not given). */
export function listOption(value: unknown): string[] | undefined {
    if (typeof value !== 'string') {
        return undefined;
    }
    return value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
