/**
 * failover-test, orchestrated once for every shell: the drill of one keepalived VIP (failover-test.ts),
 * which opens, pools and closes its own sessions, inside one stage of the shell's progress. The shell
 * presents the report. It disrupts the VIP briefly: the shell asks first when it has someone to ask.
 */
import { runFailover, type FailoverInput, type FailoverOptions, type FailoverReport } from './failover-test.js';
import type { HostConnect } from './host-target.js';
import type { WorkflowProgress } from './workflow-ports.js';

export interface FailoverPorts {
    /** Opens a new session per call; the drill pools them and closes them. */
    readonly connect: HostConnect;
    readonly progress: WorkflowProgress;
    /** Asked before keepalived is stopped; absent when the shell was told to go ahead (the CLI). */
    readonly confirm?: (input: FailoverInput) => Promise<boolean>;
}

export type FailoverOutcome = { readonly status: 'not-confirmed' } | { readonly status: 'done'; readonly report: FailoverReport };

export async function runFailoverWorkflow(input: FailoverInput, ports: FailoverPorts, options: FailoverOptions = {}): Promise<FailoverOutcome> {
    if (ports.confirm && !(await ports.confirm(input))) {
        return { status: 'not-confirmed' };
    }
    const report = await ports.progress.stage(`failing over vip ${input.vip} (${input.address})`, (stage) => {
        stage.message(`stopping keepalived on the holder of ${input.address}`);
        return runFailover(input, ports.connect, options);
    });
    return { status: 'done', report };
}
