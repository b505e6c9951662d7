/**
 * `bgptopo failover-test FILE --vip NAME`: the failover workflow (deploy/failover-workflow.ts): stops
 * keepalived on the VIP's master, times how long the VIP takes to answer on a backup and BGP to
 * re-converge, restores keepalived, and compares the figures with the bounds of the design (1–3 s for the
 * API VIP, 1–5 s for the BGP VIP). This disrupts the VIP briefly.
 * Exit 0 when every figure is within its bound and the VIP came back, 1 otherwise, 2 on usage or SSH errors.
 */
import { pathToFileURL } from 'node:url';
import { failoverInput, formatFailoverText } from '../deploy/failover-test.js';
import { runFailoverWorkflow } from '../deploy/failover-workflow.js';
import { done, ExitCode, usageError, type CliCommand } from './cli-command.js';
import { isCommandResult, oneTopologyFile, textOrJson } from './cli-arguments.js';
import { isLoaded, loadTopologyModel } from './cli-topology.js';
import { cliConnector, cliProgress, SSH_OPTIONS } from './cli-ssh.js';

export const failoverCommand: CliCommand = {
    name: 'failover-test',
    summary: 'Fail a keepalived VIP over to its backup and time the recovery',
    usage: 'FILE --vip NAME [--format text|json] [--identity FILE] [--known-hosts FILE]',
    options: {
        vip: { type: 'string', valueName: 'NAME', description: 'The keepalived VIP to fail over (required)' },
        format: { type: 'string', short: 'f', valueName: 'text|json', description: 'Output format (default: text)' },
        ...SSH_OPTIONS
    },
    async run(invocation, io) {
        const file = oneTopologyFile(invocation);
        if (isCommandResult(file)) {
            return file;
        }
        const vipName = invocation.values.vip;
        if (typeof vipName !== 'string') {
            return usageError('--vip NAME is required');
        }
        const format = textOrJson(invocation);
        if (isCommandResult(format)) {
            return format;
        }
        const loaded = await loadTopologyModel(file, invocation.cwd, io);
        if (!isLoaded(loaded)) {
            return loaded;
        }
        const vip = loaded.model.vips.find((candidate) => candidate.name === vipName);
        if (!vip) {
            return usageError(`no VIP named ${vipName} (VIPs: ${loaded.model.vips.map((v) => v.name).join(', ') || 'none'})`);
        }
        if (vip.mechanism !== 'keepalived') {
            return usageError(`${vipName} is not a keepalived VIP; the failover test stops keepalived on its master`);
        }
        try {
            const outcome = await runFailoverWorkflow(failoverInput(loaded.model, vipName, pathToFileURL(loaded.absolutePath).href), {
                connect: cliConnector(invocation, io, file),
                progress: cliProgress(io)
            });
            if (outcome.status !== 'done') {
                return done(ExitCode.UsageOrIo);
            }
            const report = outcome.report;
            io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatFailoverText(report));
            return done(report.passed ? ExitCode.Ok : ExitCode.Findings);
        } catch (error) {
            io.stderr(`bgptopo failover-test: ${error instanceof Error ? error.message : String(error)}\n`);
            return done(ExitCode.UsageOrIo);
        }
    }
};
