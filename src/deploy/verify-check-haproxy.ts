/** HAProxy checks: on each holder of a VIP with frontends, every control-plane server of the backend UP. */
import type { ModelVip } from '../model/index.js';
import { hostPort } from '../model/ip-address.js';
import { PROBES, type EvaluationContext, type PlanSink } from './verify-check-context.js';
import type { Evaluation } from './verify-frr.js';
import { haproxyServerUp, parseHaproxyStat, type HaproxyStatRow } from './verify-host-state.js';
import { locateFrontend } from './verify-locate.js';

export type HaproxyBackendRule = {
    readonly rule: 'haproxy-backend';
    readonly host: string;
    readonly cluster: string;
    readonly servers: readonly { readonly node: string; readonly endpoint: string }[];
};

export function planHaproxy(vip: ModelVip, { probe, checks }: PlanSink): void {
    if (vip.frontends.length === 0) {
        return;
    }
    const holders = [...new Set(vip.holders.map((holder) => holder.host))];
    for (const frontend of vip.frontends) {
        const cluster = frontend.cluster;
        if (!cluster) {
            continue;
        }
        const servers = cluster.nodes
            .filter((node) => node.role === 'control-plane')
            .flatMap((node) => (node.addresses[0] ? [{ node: node.name, endpoint: hostPort(node.addresses[0].address.text, frontend.targetPort) }] : []));
        for (const host of holders) {
            probe(host, PROBES.haproxyStat);
            checks.push({
                id: `haproxy-backend:${vip.name}:${frontend.port}@${host.name}`,
                kind: 'haproxy-backend',
                subject: `haproxy on ${host.name}: frontend ${frontend.port} -> control-plane of ${cluster.name} port ${frontend.targetPort}`,
                location: locateFrontend(vip, frontend),
                rule: { rule: 'haproxy-backend', host: host.name, cluster: cluster.name, servers }
            });
        }
    }
}

function isServerRow(row: HaproxyStatRow): boolean {
    return row.server !== 'FRONTEND' && row.server !== 'BACKEND';
}

export function haproxyBackend(rule: HaproxyBackendRule, context: EvaluationContext): Evaluation {
    const rows = context.parsed(rule.host, PROBES.haproxyStat.id, parseHaproxyStat);
    const problems: string[] = [];
    const up: string[] = [];
    for (const { node, endpoint } of rule.servers) {
        const matches = rows.filter((row) => isServerRow(row) && (row.address === endpoint || (row.address === '' && row.server === node)));
        if (matches.length === 0) {
            problems.push(`${node} (${endpoint}) is not a server of any backend`);
        } else if (!matches.every(haproxyServerUp)) {
            const row = matches.find((candidate) => !haproxyServerUp(candidate))!;
            problems.push(`${node} (${endpoint}) is ${row.status || 'unknown'}${row.checkStatus ? ` (check ${row.checkStatus}${row.lastCheck ? `: ${row.lastCheck}` : ''})` : ''}`);
        } else {
            up.push(node);
        }
    }
    if (rule.servers.length === 0) {
        return { status: 'fail', message: `cluster ${rule.cluster} has no control-plane node with an address` };
    }
    return problems.length > 0 ? { status: 'fail', message: problems.join('; ') } : { status: 'pass', message: `all servers UP: ${up.join(', ')}` };
}
