/**
 * Entry point of the `bgptopo` command (bundled to out/cli/main.cjs, started by bin/bgptopo.cjs). The only
 * place that touches `process.argv` and calls `process.exit`: 0 success, 1 errors found, 2 usage or I/O.
 */
// First: V8's tiering, set before the other modules are evaluated (see node-v8-tiering.ts).
import '../node/node-v8-tiering.js';
import { ExitCode, type CliIo } from './cli-command.js';
import { runCli } from './cli-program.js';

const io: CliIo = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text)
};

/** Resolves once everything written so far has been handed to the OS (large outputs into a pipe). */
function drain(stream: NodeJS.WriteStream): Promise<void> {
    return new Promise((resolve) => stream.write('', () => resolve()));
}

async function main(): Promise<void> {
    let exitCode: ExitCode;
    try {
        exitCode = await runCli(process.argv.slice(2), io, process.cwd());
    } catch (error) {
        io.stderr(`bgptopo: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        exitCode = ExitCode.UsageOrIo;
    }
    await Promise.all([drain(process.stdout), drain(process.stderr)]);
    process.exit(exitCode);
}

void main();
