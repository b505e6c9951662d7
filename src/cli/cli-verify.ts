/**
 * `bgptopo verify FILE [--format text|json]`: the verify workflow (deploy/verify-workflow.ts) over SSH
 * (read-only), its report printed. Exit 0 when every check passes, 1 when any fails, 2 when hosts cannot
 * be reached.
 */
import { pathToFileURL } from 'node:url';
import { verifyInput } from '../deploy/verify-input.js';
import { formatVerifyJson, formatVerifyText, verifyExitCode } from '../deploy/verify-report.js';
import { runVerifyWorkflow } from '../deploy/verify-workflow.js';
import { done, type CliCommand, type ExitCode } from './cli-command.js';
import { concurrency as concurrencyOption, isCommandResult, oneTopologyFile, textOrJson } from './cli-arguments.js';
import { isLoaded, loadTopologyModel } from './cli-topology.js';
import { cliConnector, cliProgress, SSH_OPTIONS } from './cli-ssh.js';

export const verifyCommand: CliCommand = {
    name: 'verify',
    summary: 'Check that the live network is the one the topology describes',
    usage: 'FILE [--format text|json] [--identity FILE] [--known-hosts FILE] [--accept-new]',
    options: {
        format: { type: 'string', short: 'f', valueName: 'text|json', description: 'Output format (default: text)' },
        concurrency: { type: 'string', valueName: 'N', description: 'Hosts queried at once (default 16)' },
        ...SSH_OPTIONS
    },
    async run(invocation, io) {
        const file = oneTopologyFile(invocation);
        if (isCommandResult(file)) {
            return file;
        }
        const format = textOrJson(invocation);
        if (isCommandResult(format)) {
            return format;
        }
        const concurrency = concurrencyOption(invocation, 16);
        if (isCommandResult(concurrency)) {
            return concurrency;
        }
        const loaded = await loadTopologyModel(file, invocation.cwd, io);
        if (!isLoaded(loaded)) {
            return loaded;
        }
        const report = await runVerifyWorkflow(verifyInput(loaded.model, pathToFileURL(loaded.absolutePath).href), { concurrency }, {
            connect: cliConnector(invocation, io, file),
            progress: cliProgress(io)
        });
        io.stdout(format === 'json' ? formatVerifyJson(report) : formatVerifyText(report, loaded.displayPath));
        return done(verifyExitCode(report) as ExitCode);
    }
};
