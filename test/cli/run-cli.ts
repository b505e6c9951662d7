/** Runs the built `bgptopo` (bin/bgptopo.cjs → out/cli/main.cjs) as a separate process, as a user would. */
import { execFile } from 'node:child_process';
import { CLI_BIN, ROOT } from './built-bundles.js';

export interface CliRun {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export function runBgptopo(args: readonly string[], options: { cwd?: string } = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [CLI_BIN, ...args],
            { cwd: options.cwd ?? ROOT, timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
            (error, stdout, stderr) => {
                if (error && typeof error.code !== 'number') {
                    // Not an exit status: the process could not start or was killed by the timeout.
                    reject(new Error(`bgptopo ${args.join(' ')} did not finish: ${error.message}\n${stderr}`));
                    return;
                }
                resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
            }
        );
    });
}
