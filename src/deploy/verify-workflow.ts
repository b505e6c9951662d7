/**
 * Verify, orchestrated once for every shell: one read-only probe script per host over pooled SSH sessions
 * (opened and closed here, once), the checks judged, the report returned for the shell to present (text,
 * JSON, diagnostics on the topology lines). A topology with nothing to check connects to no host.
 */
import type { HostConnect } from './host-target.js';
import { sessionPool } from './ssh-session-pool.js';
import type { VerifyInput } from './verify-input.js';
import { runVerify } from './verify-topology.js';
import type { VerifyOptions, VerifyReport } from './verify-types.js';
import type { WorkflowProgress } from './workflow-ports.js';

export interface VerifyPorts {
    /** Opens a new session per call; the workflow pools them and closes them. */
    readonly connect: HostConnect;
    readonly progress: WorkflowProgress;
}

export async function runVerifyWorkflow(input: VerifyInput, options: Pick<VerifyOptions, 'concurrency' | 'commandTimeoutSeconds' | 'hostTimeoutMs'>, ports: VerifyPorts): Promise<VerifyReport> {
    if (input.checks.length === 0) {
        return { checks: [], unreachable: [], durationMs: 0 };
    }
    const pool = sessionPool(ports.connect);
    try {
        return await ports.progress.stage(`verifying ${input.topology}`, (report) => {
            report.message(`${input.hosts.length} host(s), ${input.checks.length} check(s)`);
            return report.race(runVerify(input, pool.connect, options));
        });
    } finally {
        pool.closeAll();
    }
}
