/**
 * Secrets for the CLI: `password secret "NAME"` resolves to the environment variable
 * `BGPTOPO_SECRET_<NAME>` (upper case, other characters as `_`), or to a line `NAME=value` of the file
 * named by `--secrets FILE` (which should be mode 0600). Values are never printed.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliInputError, type CliInvocation, type CliIo, type CliOption } from './cli-command.js';

/** `--secrets FILE`, for the commands that render. */
export const SECRETS_OPTION: CliOption = { type: 'string', valueName: 'FILE', description: 'NAME=value lines for `password secret "NAME"` (else BGPTOPO_SECRET_<NAME>)' };

/** The secret resolver of an invocation (`--secrets`, the environment); its warnings go to stderr. */
export function invocationSecrets(invocation: CliInvocation, io: CliIo, env: NodeJS.ProcessEnv = process.env): (name: string) => string | undefined {
    const file = invocation.values.secrets;
    const secrets = secretResolver(env, typeof file === 'string' ? resolve(invocation.cwd, file) : undefined);
    secrets.warnings.forEach((warning) => io.stderr(`warning: ${warning}\n`));
    return secrets.resolve;
}

export function secretEnvName(name: string): string {
    return `BGPTOPO_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function secretResolver(env: NodeJS.ProcessEnv, secretsFile?: string): { resolve: (name: string) => string | undefined; warnings: string[] } {
    const fromFile = new Map<string, string>();
    const warnings: string[] = [];
    if (secretsFile) {
        let mode: number;
        let text: string;
        try {
            mode = statSync(secretsFile).mode & 0o777;
            text = readFileSync(secretsFile, 'utf8');
        } catch (error) {
            throw new CliInputError('the secrets file', secretsFile, error);
        }
        if ((mode & 0o077) !== 0) {
            warnings.push(`${secretsFile} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
        }
        for (const line of text.split(/\r?\n/)) {
            const match = /^\s*([^#=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
            if (match) {
                fromFile.set(match[1], match[2]);
            }
        }
    }
    return { resolve: (name) => env[secretEnvName(name)] ?? fromFile.get(name), warnings };
}
