/**
 * BGP peering checks on the derived sessions: collisions, missing paths, iBGP, declared neighbors that do
 * not match, and speakers that step on each other. Sessions come from the model, so these checks see
 * exactly what the renderers will produce.
 */
import type { ValidationAcceptor } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { prefixContains, type IpPrefix } from '../../model/ip-address.js';
import { PrefixIndex } from '../../model/network-index.js';
import type { BgpSession, ModelNeighbor, ModelNode, ModelPeerGroup, ModelRouter, ModelSpeaker, TopologyModel } from '../../model/topology-model.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report } from './validation-report.js';
import { groupRouterTarget } from './validation-targets.js';

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

    /**
     * Two speakers on one node reaching one router from one source address: the router keeps one neighbor
     * per address, so only one of them can be up. Reported on the router's entry in the `peers` line of each
     * speaker involved, naming the nodes, the address and the other speaker(s).
     */
    private checkCollisions(model: TopologyModel, accept: ValidationAcceptor): void {
        // router → source address → the sessions from it (one pass, hashing: linear in sessions).
        const byRouter = new Map<ModelRouter, Map<string, BgpSession[]>>();
        for (const session of model.sessions) {
            if (!session.source) {
                continue;
            }
            let bySource = byRouter.get(session.router);
            if (!bySource) {
                bySource = new Map();
                byRouter.set(session.router, bySource);
            }
            // The canonical text identifies the address (and its family) without converting its bigint.
            const key = session.source.address.text;
            const list = bySource.get(key);
            if (list) {
                list.push(session);
            } else {
                bySource.set(key, [session]);
            }
        }
        for (const [router, bySource] of byRouter) {
            // group → what it collides on at this router: the other speakers and the node addresses.
            const findings = new Map<ModelPeerGroup, { others: Set<ModelSpeaker>; where: string[] }>();
            for (const sessions of bySource.values()) {
                if (sessions.length < 2) {
                    continue;
                }
                const speakers = [...new Set(sessions.map((session) => session.speaker))];
                if (speakers.length < 2) {
                    continue;
                }
                const where = `${sessions[0].node.name} (${sessions[0].source!.address.text})`;
                for (const group of new Set(sessions.map((session) => session.group))) {
                    let finding = findings.get(group);
                    if (!finding) {
                        finding = { others: new Set(), where: [] };
                        findings.set(group, finding);
                    }
                    if (!finding.where.includes(where)) {
                        finding.where.push(where);
                    }
                    speakers.filter((other) => other !== group.speaker).forEach((other) => finding.others.add(other));
                }
            }
            for (const [group, finding] of findings) {
                const speaker = group.speaker;
                const others = [...finding.others].map((other) => describeSpeaker(other, true));
                report(
                    accept,
                    'error',
                    DiagnosticCode.SessionCollision,
                    `This ${describeSpeaker(speaker)} and ${others.join(' and ')} both reach router ${router.name} from the same address on ${listNames(finding.where)}: a router keeps one neighbor per address, so only one of the sessions can be up. Give one of them \`source address 2\` (a second address on every node).`,
                    groupRouterTarget(group, router),
                    { router: router.name, nodes: finding.where, others: [...finding.others].map((other) => other.kind) }
                );
            }
        }
    }

    /**
     * Sessions that cannot come up: no shared network and no multihop, `to loopback` towards a router without a
     * loopback of the family, or a family the group asks for (`families`) that the node or router has no address of.
     */
    private checkPaths(model: TopologyModel, accept: ValidationAcceptor): void {
        const findings = new Map<ModelPeerGroup, Map<ModelRouter, string[]>>();
        const add = (group: ModelPeerGroup, router: ModelRouter, what: string): void => {
            const byRouter = findings.get(group) ?? new Map<ModelRouter, string[]>();
            findings.set(group, byRouter);
            byRouter.set(router, [...(byRouter.get(router) ?? []), what]);
        };
        for (const session of model.sessions) {
            if (session.noPath) {
                add(session.group, session.router, session.source ? `${session.node.name} (${session.source.address.text})` : `${session.node.name} (no such address)`);
            }
        }
        for (const gap of model.sessionGaps) {
            const family = gap.family === 6 ? 'IPv6' : 'IPv4';
            if (gap.missing === 'loopback') {
                add(gap.group, gap.router, `${gap.node.name} (${gap.router.name} has no ${family} loopback)`);
            } else if (gap.group.options.families) {
                add(gap.group, gap.router, `${gap.node.name} (${gap.missing === 'node' ? gap.node.name : gap.router.name} has no ${family} address)`);
            }
        }
        for (const [group, byRouter] of findings) {
            for (const [router, nodes] of byRouter) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.PeerNoPath,
                    `No path from ${group.speaker.kind} to router ${router.name}: ${listNames(nodes)} share${nodes.length === 1 ? 's' : ''} no network with it. Add an address on a common network, or \`multihop N\`.`,
                    groupRouterTarget(group, router),
                    { router: router.name }
                );
            }
        }
    }

    /**
     * iBGP towards a router that does not declare it (LANGUAGE-V2 §4, Changed): no warning when a `neighbor` line of
     * the router covering the session says `remote-as internal` or the router's own AS, when the router is a
     * `route-reflector`, or on calico-bgp.
     */
    private checkIbgp(model: TopologyModel, accept: ValidationAcceptor): void {
        const done = new Map<ModelPeerGroup, Set<ModelRouter>>();
        for (const session of model.sessions) {
            const routers = done.get(session.group) ?? new Set<ModelRouter>();
            done.set(session.group, routers);
            // Not on calico-bgp (its node mesh is iBGP by design) nor towards a route reflector (§4 Changed).
            if (session.type !== 'ibgp' || routers.has(session.router) || declaresIbgp(session) || session.speaker.kind === 'calico-bgp' || session.router.routeReflector) {
                continue;
            }
            routers.add(session.router);
            // v1 `peers`: on the block's `asn`, as before; a v2 group: on the router in its `peer` line.
            const target = session.group.ast ? groupRouterTarget(session.group, session.router) : { node: session.speaker.ast, property: 'asn' };
            report(
                accept,
                'warning',
                DiagnosticCode.IbgpSession,
                `${session.speaker.kind} uses AS ${session.speakerAsn}, the AS of router ${session.router.name} (line ${lineOf(session.router.ast)}): this is iBGP, where the router does not pass routes between its iBGP peers without route reflection and next hops are not rewritten. Declare it on the router (\`neighbor PREFIX remote-as internal\`) if it is meant.`,
                target,
                { router: session.router.name }
            );
        }
    }

    /**
     * A router with `neighbor` lines: every derived session must match a line, and every line a session.
     * A session matches the line naming its node, else the most specific prefix line covering its source
     * address (FRR: an explicit neighbor wins over a listen range, the longest listen range wins).
     * Lookups are hashed, so this is linear in sessions plus lines.
     */
    private checkDeclaredNeighbors(router: ModelRouter, accept: ValidationAcceptor): void {
        const byNode = new Map<ModelNode, ModelNeighbor>();
        const prefixLines: Array<{ prefix: IpPrefix; item: ModelNeighbor }> = [];
        for (const neighbor of router.neighbors) {
            if (neighbor.node) {
                if (!byNode.has(neighbor.node)) {
                    byNode.set(neighbor.node, neighbor);
                }
            } else if (neighbor.prefix) {
                prefixLines.push({ prefix: neighbor.prefix, item: neighbor });
            }
        }
        const byPrefix = new PrefixIndex(prefixLines);
        const used = new Set<ModelNeighbor>();
        const uncovered = new Map<ModelSpeaker, BgpSession[]>();
        // (line, speaker) → the sessions whose speaker ASN the line's remote-as rejects.
        const mismatches = new Map<ModelNeighbor, Map<ModelSpeaker, { expected: string; sessions: BgpSession[] }>>();
        for (const session of router.sessions) {
            const line = byNode.get(session.node) ?? (session.source ? byPrefix.mostSpecific(session.source.address) : undefined);
            if (!line) {
                const list = uncovered.get(session.speaker) ?? [];
                list.push(session);
                uncovered.set(session.speaker, list);
                continue;
            }
            used.add(line);
            const mismatch = asnMismatch(line, session);
            if (mismatch) {
                const bySpeaker = mismatches.get(line) ?? new Map();
                mismatches.set(line, bySpeaker);
                const entry = bySpeaker.get(session.speaker) ?? { expected: mismatch.expected, sessions: [] };
                bySpeaker.set(session.speaker, entry);
                entry.sessions.push(session);
            }
        }
        for (const [line, bySpeaker] of mismatches) {
            for (const [speaker, { expected, sessions }] of bySpeaker) {
                const nodes = sessions.map((session) => `${session.node.name} (${session.source?.address.text ?? 'no address'})`);
                report(
                    accept,
                    'error',
                    DiagnosticCode.PeerAsnMismatch,
                    `Router ${router.name} expects ${expected} from ${listNames(nodes)}, but the ${speaker.kind} speaker there (line ${lineOf(speaker.ast)}) uses AS ${speaker.asn}: the session fails with "Bad Peer AS".`,
                    { node: line.ast, property: line.ast.asn !== undefined ? 'asn' : 'kind' },
                    { speakerAsn: speaker.asn, routerAsn: router.asn, speakerLine: lineOf(speaker.ast) }
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
                groupRouterTarget(sessions[0].group, router),
                { router: router.name }
            );
        }
        for (const neighbor of router.neighbors) {
            // A line naming an unknown node is already `unresolved-reference`; a malformed prefix is `syntax`.
            if (used.has(neighbor) || (!neighbor.node && !neighbor.prefix)) {
                continue;
            }
            const what = neighbor.node ? `node ${neighbor.node.name}` : neighbor.prefix!.text;
            const why = neighbor.node
                ? `no speaker of ${neighbor.node.name}'s cluster peers with ${router.name}`
                : `no speaker peers with ${router.name} from an address in it (or a more specific line takes each one)`;
            report(
                accept,
                'error',
                DiagnosticCode.PeerHalfOpen,
                `Router ${router.name} declares a neighbor for ${what}, but ${why}: the session stays half-open.`,
                { node: neighbor.ast }
            );
        }
    }

    private checkSpeakerConflicts(model: TopologyModel, accept: ValidationAcceptor): void {
        for (const cluster of model.clusters) {
            const lbAnnouncers = cluster.speakers.filter((speaker) => speaker.pools.length > 0);
            for (const speaker of lbAnnouncers.slice(1)) {
                const first = lbAnnouncers[0];
                if (speaker.kind === first.kind) {
                    continue; // a second block of one kind: reported once below
                }
                const message = `Both ${first.kind} (line ${lineOf(first.ast)}) and this ${speaker.kind} announce LoadBalancer IPs in cluster ${cluster.name}; keep exactly one LoadBalancer announcer.`;
                // On MetalLB's `pool`, kube-vip's `services pool`, else on Cilium's advertised pool.
                const node = speaker.ast;
                if (ast.isMetallbSpeaker(node) && (node.pools ?? []).length > 0) {
                    report(accept, 'error', DiagnosticCode.SpeakerConflict, message, { node, property: 'pools', index: 0 });
                } else if (ast.isKubeVipSpeaker(node) && node.servicesPool) {
                    report(accept, 'error', DiagnosticCode.SpeakerConflict, message, { node, property: 'servicesPool' });
                } else if (ast.isCiliumSpeaker(node)) {
                    report(accept, 'error', DiagnosticCode.SpeakerConflict, message, { node, property: 'advertise', index: indexOrUndefined(advertisedPoolIndex(node)) });
                } else {
                    report(accept, 'error', DiagnosticCode.SpeakerConflict, message, { node });
                }
            }
            // LANGUAGE-V2 §7 (Changed): one block per speaker kind per cluster; per-rack peering is peer groups.
            const firstOfKind = new Map<string, ModelSpeaker>();
            for (const speaker of cluster.speakers) {
                const first = firstOfKind.get(speaker.kind);
                if (first) {
                    report(
                        accept,
                        'error',
                        DiagnosticCode.SpeakerConflict,
                        `Cluster ${cluster.name} already has a ${speaker.kind} block (line ${lineOf(first.ast)}): one block per speaker kind; give its nodes and routers \`peer\` groups there instead.`,
                        { node: speaker.ast, property: 'kind' }
                    );
                } else {
                    firstOfKind.set(speaker.kind, speaker);
                }
            }
            for (const speaker of cluster.speakers) {
                if (speaker.kind === 'calico-bgp' && cluster.cni?.kind !== 'calico') {
                    report(
                        accept,
                        'error',
                        DiagnosticCode.SpeakerConflict,
                        `calico-bgp is Calico's own BGP speaker (BIRD in calico-node), but cluster ${cluster.name} uses ${cluster.cni ? `cni ${cluster.cni.kind}` : 'no declared CNI'}; declare \`cni calico\` or use metallb.`,
                        { node: speaker.ast, property: 'kind' }
                    );
                }
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

/** `kube-vip (AS 65001)`, or with its line: `kube-vip (AS 65001, line 28)`. */
function describeSpeaker(speaker: ModelSpeaker, withLine = false): string {
    const details = [speaker.asn !== undefined ? `AS ${speaker.asn}` : undefined, withLine ? `line ${lineOf(speaker.ast)}` : undefined].filter(Boolean);
    return details.length > 0 ? `${speaker.kind} (${details.join(', ')})` : speaker.kind;
}

/** Which `advertise` entry of a cilium-bgp block is a LoadBalancer pool. */
function advertisedPoolIndex(node: ast.Speaker): number {
    return ast.isCiliumSpeaker(node) ? (node.advertise ?? []).findIndex((item) => item.kind === 'pool') : -1;
}

/** The session's router has a `neighbor` line naming its node or covering its source with `remote-as internal` / its own AS. */
function declaresIbgp(session: BgpSession): boolean {
    const router = session.router;
    return router.neighbors.some(
        (line) =>
            (line.remoteAs === 'internal' || (router.asn !== undefined && line.remoteAs === router.asn)) &&
            (line.node === session.node || (line.prefix !== undefined && session.source !== undefined && prefixContains(line.prefix, session.source.address)))
    );
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

function listNames(names: string[]): string {
    return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

function indexOrUndefined(index: number): number | undefined {
    return index >= 0 ? index : undefined;
}

