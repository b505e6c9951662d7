/**
 * Which services a host's plan restarts instead of reloading, and why. Decided once, from the plan, and
 * shown before the confirmation; the host program restarts exactly these (deploy-apply.sh's RESTART).
 * - FRR: a change of `/etc/frr/daemons` (which daemons run, their options) takes effect only on a restart;
 *   a changed TCP-MD5 neighbour password only on a new session, and frr-reload.py would remove the old one
 *   with `vtysh -c 'no neighbor X password OLD'` (a secret on a command line).
 * Everything else reloads (frr-reload.py, SIGHUP, HAProxy's seamless reload, wg syncconf).
 */
import type { ServiceName } from './deploy-file-kinds.js';
import type { FilePlan } from './deploy-types.js';

export interface PlannedRestart {
    readonly service: ServiceName;
    readonly reason: string;
}

const PASSWORD_LINE = /^\s*neighbor\s+\S+\s+password\s/;

function passwordLines(text: string): string[] {
    return text
        .split('\n')
        .filter((line) => PASSWORD_LINE.test(line))
        .sort();
}

export function plannedRestarts(files: readonly FilePlan[]): PlannedRestart[] {
    const reasons: string[] = [];
    for (const entry of files) {
        if (entry.change === 'unchanged') {
            continue;
        }
        if (entry.file.kind === 'frr-daemons') {
            reasons.push(`${entry.file.path} changed`);
        } else if (entry.file.kind === 'frr' && passwordLines(entry.current ?? '').join('\n') !== passwordLines(entry.file.content).join('\n')) {
            reasons.push('a neighbour password changed');
        }
    }
    return reasons.length > 0 ? [{ service: 'frr', reason: reasons.join(', ') }] : [];
}

/** The line a plan shows for a restart, e.g. `restarts FRR on r1: all BGP sessions on r1 drop (/etc/frr/daemons changed)`. */
export function describeRestart(host: string, restart: PlannedRestart): string {
    const name = restart.service === 'frr' ? 'FRR' : restart.service;
    return `restarts ${name} on ${host}: all BGP sessions on ${host} drop (${restart.reason})`;
}
