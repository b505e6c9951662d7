/**
 * BGP peering checks on the derived sessions: collisions, missing paths, iBGP, declared neighbors that do
 * not match, and speakers that step on each other. Sessions come from the model, so these checks see
 * exactly what the renderers will produce.
 */
import type { ValidationAcceptor } from 'langium';
import type * as ast from '../generated/ast.js';
import { prefixContains } from '../../model/ip-address.js';
import type { BgpSession, ModelNeighbor, ModelRouter, ModelSpeaker, TopologyModel } from '../../model/topology-model.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report } from './validation-report.js';

export class PeeringValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        const model = this.cache.get(root);
        this.checkCollisions(model, accept);
        this.checkPaths(model, accept);
        this.checkIbgp(model, accept);
        for (const router of model.routers) {
            if (router.neighbors.length > 0) {
                this.checkDeclaredNeighbors(router, accept);
            }
        }
        this.checkSpeakerConflicts(model, accept);
    }

    /** Two speakers on one node reaching one router from one source address: the router keeps one neighbor. */
    private checkCollisions(model: TopologyModel, accept: ValidationAcceptor): void {
        const bySourceAndRouter = new Map<string, BgpSession[]>();
        for (const session of model.sessions) {
            if (!session.source) {
                continue;
            }
            const key = `${session.router.name}\u0000${session.source.address.text}`;
            const list = bySourceAndRouter.get(key);
            if (list) {
                list.push(session);
            } else {
                bySourceAndRouter.set(key, [session]);
            }
        }
        const reported = new Set<string>();
        for (const sessions of bySourceAndRouter.values()) {
            const speakers = [...new Set(sessions.map((session) => session.speaker))];
            if (speakers.length < 2) {
                continue;
            }
            const first = sessions[0];
            const names = speakers.map((speaker) => `${speaker.kind}${speaker.asn !== undefined ? ` (AS ${speaker.asn})` : ''}`).join(' and ');
            for (const speaker of speakers) {
                const index = speaker.peers.indexOf(first.router);
                const key = `${offset(speaker.ast)}:${first.router.name}`;
                if (reported.has(key)) {
                    continue;
                }
                reported.add(key);
                const others = speakers.filter((other) => other !== speaker).map((other) => `${other.kind} (line ${lineOf(other.ast)})`);
                report(
                    accept,
                    'error',
                    DiagnosticCode.SessionCollision,
                    `${names} on node ${first.node.name} both reach router ${first.router.name} from ${first.source!.address.text}: a router keeps one neighbor per address, so only one of them can be up. This ${speaker.kind} collides with ${others.join(', ')}; give one of them \`source address 2\` (a second address on every node).`,
                    { node: speaker.ast, property: 'peers', index: index >= 0 ? index : undefined },
                    { router: first.router.name, node: first.node.name }
                );
            }
        }
    }

    private checkPaths(model: TopologyModel, accept: ValidationAcceptor): void {
        const grouped = groupBy(model.sessions.filter((session) => session.noPath), (session) => session.speaker, (session) => session.router);
        for (const [speaker, byRouter] of grouped) {
            for (const [router, sessions] of byRouter) {
                const nodes = sessions.map((session) =>
                    session.source ? `${session.node.name} (${session.source.address.text})` : `${session.node.name} (no such address)`
                );
                report(
                    accept,
                    'error',
                    DiagnosticCode.PeerNoPath,
                    `No path from ${speaker.kind} to router ${router.name}: ${listNames(nodes)} share${nodes.length === 1 ? 's' : ''} no network with it. Add an address on a common network, or \`multihop N\`.`,
                    { node: speaker.ast, property: 'peers', index: indexOrUndefined(speaker.peers.indexOf(router)) },
                    { router: router.name }
                );
            }
        }
    }

    private checkIbgp(model: TopologyModel, accept: ValidationAcceptor): void {
        const done = new Set<string>();
        for (const session of model.sessions) {
            const key = `${offset(session.speaker.ast)}:${session.router.name}`;
            if (session.type !== 'ibgp' || done.has(key)) {
                continue;
            }
            done.add(key);
            report(
                accept,
                'warning',
                DiagnosticCode.IbgpSession,
                `${session.speaker.kind} uses AS ${session.speakerAsn}, the AS of router ${session.router.name}: this is iBGP, where the router does not pass routes between its iBGP peers without route reflection and next hops are not rewritten.`,
                { node: session.speaker.ast, property: 'asn' },
                { router: session.router.name }
            );
        }
    }

    /** A router with `neighbor` lines: every derived session must match a line, and every line a session. */
    private checkDeclaredNeighbors(router: ModelRouter, accept: ValidationAcceptor): void {
        const neighbors = router.neighbors;
        const used = new Set<ast.Neighbor>();
        const uncovered = new Map<ModelSpeaker, BgpSession[]>();
        for (const session of router.sessions) {
            const line = neighbors.find((neighbor) => covers(neighbor, session));
            if (!line) {
                const list = uncovered.get(session.speaker) ?? [];
                list.push(session);
                uncovered.set(session.speaker, list);
                continue;
            }
            used.add(line.ast);
            const mismatch = asnMismatch(line, session);
            if (mismatch) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.PeerAsnMismatch,
                    `Router ${router.name} expects ${mismatch.expected} from ${session.node.name} (${session.source?.address.text ?? '?'}), but its ${session.speaker.kind} speaker (line ${lineOf(session.speaker.ast)}) uses AS ${session.speakerAsn}.`,
                    { node: line.ast, property: line.ast.asn !== undefined ? 'asn' : 'kind' },
                    { speakerAsn: session.speakerAsn, routerAsn: router.asn, speakerLine: lineOf(session.speaker.ast) }
                );
            }
        }
        for (const [speaker, sessions] of uncovered) {
            const nodes = sessions.map((session) => `${session.node.name} (${session.source?.address.text ?? 'no address'})`);
            report(
                accept,
                'error',
                DiagnosticCode.PeerHalfOpen,
                `Router ${router.name} (line ${lineOf(router.ast)}) declares neighbors but none for ${listNames(nodes)}, which its ${speaker.kind} speaker peers from: the router would refuse the session.`,
                { node: speaker.ast, property: 'peers', index: indexOrUndefined(speaker.peers.indexOf(router)) },
                { router: router.name }
            );
        }
        for (const neighbor of neighbors) {
            if (!used.has(neighbor.ast)) {
                const what = neighbor.node ? `node ${neighbor.node.name}` : (neighbor.ast.prefix ?? 'this neighbor');
                report(
                    accept,
                    'error',
                    DiagnosticCode.PeerHalfOpen,
                    `Router ${router.name} declares a neighbor for ${what}, but no speaker peers with ${router.name} from there: the session stays half-open.`,
                    { node: neighbor.ast, property: neighbor.ast.node ? 'node' : 'prefix' }
                );
            }
        }
    }

    private checkSpeakerConflicts(model: TopologyModel, accept: ValidationAcceptor): void {
        for (const cluster of model.clusters) {
            const lbAnnouncers = cluster.speakers.filter((speaker) => speaker.pool !== undefined || speaker.advertisePools.length > 0);
            for (const speaker of lbAnnouncers.slice(1)) {
                const first = lbAnnouncers[0];
                report(
                    accept,
                    'error',
                    DiagnosticCode.SpeakerConflict,
                    `Both ${first.kind} (line ${lineOf(first.ast)}) and this ${speaker.kind} announce LoadBalancer IPs in cluster ${cluster.name}; keep exactly one LoadBalancer announcer.`,
                    { node: speaker.ast, property: speaker.pool ? 'pool' : 'advertise' }
                );
            }
            for (const speaker of cluster.speakers) {
                if (speaker.kind === 'cilium-bgp' && cluster.cni?.kind !== 'cilium') {
                    report(
                        accept,
                        'error',
                        DiagnosticCode.SpeakerConflict,
                        `cilium-bgp runs inside the Cilium agent, but cluster ${cluster.name} uses ${cluster.cni ? `cni ${cluster.cni.kind}` : 'no declared CNI'}; declare \`cni cilium\` or use metallb.`,
                        { node: speaker.ast, property: 'kind' }
                    );
                }
            }
        }
    }
}

function covers(neighbor: ModelNeighbor, session: BgpSession): boolean {
    if (neighbor.node) {
        return neighbor.node === session.node;
    }
    return neighbor.prefix !== undefined && session.source !== undefined && prefixContains(neighbor.prefix, session.source.address);
}

function asnMismatch(neighbor: ModelNeighbor, session: BgpSession): { expected: string } | undefined {
    const remote = neighbor.remoteAs;
    if (remote === undefined || session.speakerAsn === undefined) {
        return undefined;
    }
    if (typeof remote === 'number') {
        return remote === session.speakerAsn ? undefined : { expected: `AS ${remote}` };
    }
    if (session.routerAsn === undefined) {
        return undefined;
    }
    const internal = session.speakerAsn === session.routerAsn;
    if (remote === 'internal' && !internal) {
        return { expected: `an internal peer (AS ${session.routerAsn})` };
    }
    if (remote === 'external' && internal) {
        return { expected: `an external peer (any AS but ${session.routerAsn})` };
    }
    return undefined;
}

function groupBy<A, B, T>(items: T[], first: (item: T) => A, second: (item: T) => B): Map<A, Map<B, T[]>> {
    const result = new Map<A, Map<B, T[]>>();
    for (const item of items) {
        const a = first(item);
        const b = second(item);
        let inner = result.get(a);
        if (!inner) {
            inner = new Map();
            result.set(a, inner);
        }
        const list = inner.get(b) ?? [];
        list.push(item);
        inner.set(b, list);
    }
    return result;
}

function listNames(names: string[]): string {
    return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

function indexOrUndefined(index: number): number | undefined {
    return index >= 0 ? index : undefined;
}

function offset(node: { $cstNode?: { offset: number } }): number {
    return node.$cstNode?.offset ?? 0;
}
