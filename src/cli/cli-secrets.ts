/**
 * Secrets for the CLI: `password secret "NAME"` resolves to the environment variable
 * `BGPTOPO_SECRET_<NAME>` (upper case, other characters as `_`), or to a line `NAME=value` of the file
 * named by `--secrets FILE` (which should be mode 0600). Values are never printed.
 */
import { readFileSync, statSync } from 'node:fs';

export function secretEnvName(name: string): string {
    return `BGPTOPO_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function secretResolver(env: NodeJS.ProcessEnv, secretsFile?: string): { resolve: (name: string) => string | undefined; warnings: string[] } {
    const fromFile = new Map<string, string>();
    const warnings: string[] = [];
    if (secretsFile) {
        const mode = statSync(secretsFile).mode & 0o777;
        if ((mode & 0o077) !== 0) {
            warnings.push(`${secretsFile} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
        }
        for (const line of readFileSync(secretsFile, 'utf8').split(/\r?\n/)) {
            const match = /^\s*([^#=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
            if (match) {
                fromFile.set(match[1], match[2]);
            }
        }
    }
    return { resolve: (name) => env[secretEnvName(name)] ?? fromFile.get(name), warnings };
}
