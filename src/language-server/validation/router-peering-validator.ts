/**
 * Routers beyond the rack (LANGUAGE-V2 §4): `neighbor ROUTER` lines, upstreams, reflection and isolated routers.
 * - `neighbor NAME`: a router's name takes options and no `remote-as`, a node's name `remote-as` and no options.
 * - `peer-half-open`: `unnumbered` declared on one side only (each side names its own interface).
 * - `peer-option-conflict`: two declarations of one session setting one option differently, on the later line.
 * - `peer-no-path`: routers sharing no network of any family (or no loopbacks with `to loopback`), on each line;
 *   an upstream whose address is on none of the router's networks without `multihop`, on its address.
 * - `router-isolated`: a router with no session at all and no VIP to hold, on its name.
 * - `ibgp-no-reflection`: calico-bgp without node mesh peering in iBGP with routers that do not reflect.
 */
import type { ValidationAcceptor } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { parseDuration } from '../../model/duration.js';
import type { ModelRouter, ModelRouterNeighbor, ModelSessionOptions, TopologyModel } from '../../model/topology-model.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report } from './validation-report.js';

/** The options of a router-to-router line, by property, as written in the file. */
const NEIGHBOR_OPTIONS = ['announce', 'multihop', 'password', 'bfd', 'toLoopback', 'unnumbered', 'nextHopSelf', 'hold', 'keepalive', 'connectRetry', 'gracefulRestart'] as const;

/** The options two declarations of one session must agree on (§4), with how each is written and compared. */
const SHARED_OPTIONS: ReadonlyArray<readonly [keyof ModelSessionOptions, string, ast.Neighbor extends never ? never : keyof ast.Neighbor]> = [
    ['passwordSecret', 'password', 'password'],
    ['multihop', 'multihop', 'multihop'],
    ['bfd', 'bfd', 'bfd'],
    ['holdMs', 'hold', 'hold'],
    ['keepaliveMs', 'keepalive', 'keepalive'],
    ['connectRetryMs', 'connect-retry', 'connectRetry'],
    ['gracefulRestart', 'graceful-restart', 'gracefulRestart']
];

export class RouterPeeringValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    /** The form of one `neighbor` line: router target ⇒ no `remote-as`; node target or prefix ⇒ `remote-as`, no options. */
    checkNeighborForm(node: ast.Neighbor, accept: ValidationAcceptor): void {
        const target = node.target?.ref;
        if (ast.isRouter(target)) {
            if (node.asn !== undefined || node.kind !== undefined) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.OptionUnsupported,
                    `A session with router ${target.name} takes no \`remote-as\`: iBGP or eBGP follows the two routers' ASNs. Remove it.`,
                    { node, property: node.asn !== undefined ? 'asn' : 'kind' },
                    { consumer: 'router neighbor' }
                );
            }
            this.checkRestartTime(node, accept);
            if (target === node.$container) {
                report(accept, 'error', DiagnosticCode.PeerNoPath, `Router ${target.name} cannot peer with itself.`, { node, property: 'target' });
            }
            return;
        }
        if (node.asn === undefined && node.kind === undefined && (node.target?.ref || node.prefix)) {
            report(accept, 'error', DiagnosticCode.Syntax, 'A node or prefix neighbor needs `remote-as ASN | internal | external` (what the router expects from it).', {
                node,
                property: node.prefix ? 'prefix' : 'target'
            });
        }
        this.checkRestartTime(node, accept);
        const option = NEIGHBOR_OPTIONS.find((property) => node[property] !== undefined && node[property] !== false && !(Array.isArray(node[property]) && node[property].length === 0));
        if (option && (node.target?.ref || node.prefix)) {
            report(
                accept,
                'error',
                DiagnosticCode.OptionUnsupported,
                `A neighbor line for a node or a prefix takes no session options (they belong to the speaker's peer group); options go on \`neighbor ROUTER { … }\` lines only.`,
                { node, property: option },
                { consumer: 'node neighbor' }
            );
        }
    }

    /**
     * FRR sets the graceful-restart restart time per router (`bgp graceful-restart restart-time`), not per neighbor:
     * a session's own `restart-time` is refused unless it equals the router's.
     */
    checkRestartTime(node: ast.Neighbor | ast.Upstream, accept: ValidationAcceptor): void {
        const time = node.gracefulRestart?.restartTime;
        const router = node.$container;
        if (time === undefined || (router.gracefulRestart?.restartTime !== undefined && parseDuration(router.gracefulRestart.restartTime) === parseDuration(time))) {
            return;
        }
        report(
            accept,
            'error',
            DiagnosticCode.OptionUnsupported,
            `FRR cannot express a restart time per session: it has one per router (\`bgp graceful-restart restart-time\`). Give router ${router.name} \`graceful-restart restart-time ${time}\` and keep \`graceful-restart\` here.`,
            { node: node.gracefulRestart!, property: 'restartTime' },
            { consumer: 'frr' }
        );
    }

    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        const model = this.cache.get(root);
        this.checkDeclarations(model, accept);
        this.checkUpstreams(model, accept);
        this.checkIsolated(model, accept);
        this.checkReflection(model, accept);
    }

    private checkDeclarations(model: TopologyModel, accept: ValidationAcceptor): void {
        for (const session of model.routerSessions) {
            const lines = session.declarations;
            if (session.unnumbered) {
                for (const end of session.ends) {
                    const other = session.ends[0] === end ? session.ends[1] : session.ends[0];
                    if (end.interface === undefined && other.declaration?.unnumbered !== undefined) {
                        report(
                            accept,
                            'error',
                            DiagnosticCode.PeerHalfOpen,
                            `BGP unnumbered runs on an interface of each router: ${end.router.name} needs its own \`neighbor ${other.router.name} { unnumbered IFNAME }\`, else it never peers on ${other.router.name}'s link.`,
                            { node: other.declaration.ast, property: 'unnumbered' },
                            { router: end.router.name }
                        );
                    }
                }
            }
            for (let index = 1; index < lines.length; index++) {
                this.checkConflict(lines.slice(0, index), lines[index], accept);
            }
        }
        for (const lines of model.routerSessionGaps) {
            for (const line of lines) {
                const loop = lines.some((entry) => entry.toLoopback);
                report(
                    accept,
                    'error',
                    DiagnosticCode.PeerNoPath,
                    loop
                        ? `No path from router ${line.router.name} to router ${line.peer.name} on loopbacks: they have no loopback of a common family.`
                        : `No path from router ${line.router.name} to router ${line.peer.name}: they share no network. Add addresses on a common network, \`multihop N\`, \`to loopback\` or \`unnumbered IFNAME\`.`,
                    { node: line.ast, property: 'target' },
                    { router: line.peer.name }
                );
            }
        }
    }

    /** `later` against the earlier declarations of its session: the first option set differently. */
    private checkConflict(earlier: ModelRouterNeighbor[], later: ModelRouterNeighbor, accept: ValidationAcceptor): void {
        for (const [key, word, property] of SHARED_OPTIONS) {
            const mine = later.options[key];
            if (mine === undefined) {
                continue;
            }
            const other = earlier.find((line) => line.options[key] !== undefined && JSON.stringify(line.options[key]) !== JSON.stringify(mine));
            if (other) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.PeerOptionConflict,
                    `Router ${other.router.name} (line ${lineOf(other.ast)}) declares this session with another \`${word}\`: one session has one ${word}. Set it on one side only, or alike on both.`,
                    { node: later.ast },
                    { option: property, otherLine: lineOf(other.ast) }
                );
                return;
            }
        }
    }

    private checkUpstreams(model: TopologyModel, accept: ValidationAcceptor): void {
        for (const session of model.upstreamSessions) {
            if (session.noPath) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.PeerNoPath,
                    `No path from router ${session.router.name} to upstream ${session.upstream.address?.text}: it is on none of the router's networks. Add an address on its network, or \`multihop N\`.`,
                    { node: session.upstream.ast, property: 'address' },
                    { router: session.router.name }
                );
            }
        }
    }

    private checkIsolated(model: TopologyModel, accept: ValidationAcceptor): void {
        const inGap = new Set<ModelRouter>(model.routerSessionGaps.flat().flatMap((line) => [line.router, line.peer]));
        for (const router of model.routers) {
            const busy =
                router.sessions.length > 0 ||
                router.routerSessions.length > 0 ||
                router.upstreams.length > 0 ||
                router.neighbors.length > 0 ||
                router.vips.length > 0 ||
                inGap.has(router);
            if (!busy && router.ast.name) {
                report(
                    accept,
                    'warning',
                    DiagnosticCode.RouterIsolated,
                    `Router ${router.name} has no BGP session (no speaker peers with it, no \`neighbor\`, no \`upstream\`) and holds no VIP: it would run bgpd for nothing.`,
                    { node: router.ast, property: 'name' }
                );
            }
        }
    }

    /** calico-bgp with `node-mesh off`: its nodes learn each other's routes only through reflecting routers. */
    private checkReflection(model: TopologyModel, accept: ValidationAcceptor): void {
        for (const speaker of model.speakers) {
            if (speaker.kind !== 'calico-bgp' || speaker.nodeMesh !== false || !ast.isCalicoSpeaker(speaker.ast)) {
                continue;
            }
            const plain = [...new Set(model.sessions.filter((s) => s.speaker === speaker && s.type === 'ibgp' && !s.router.routeReflector).map((s) => s.router.name))];
            if (plain.length > 0) {
                report(
                    accept,
                    'warning',
                    DiagnosticCode.IbgpNoReflection,
                    `With the node mesh off, the nodes peer in iBGP with ${plain.join(', ')}, which ${plain.length === 1 ? 'does' : 'do'} not reflect: an iBGP router passes no route between its iBGP peers, so the nodes never learn each other's pod routes. Make ${plain.length === 1 ? 'it' : 'them'} \`route-reflector\`, or keep the mesh on.`,
                    { node: speaker.ast, property: 'nodeMesh' },
                    { routers: plain }
                );
            }
        }
    }
}
