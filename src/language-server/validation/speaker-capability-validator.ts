/**
 * What each speaker can express (LANGUAGE-V2 §2, §4, §5, §13; reference FACTS-V2 §1, §2, §4, §7): an option its
 * consumer has no field for is `option-unsupported`, a value outside what the consumer takes is `value-range`,
 * both naming the consumer, on the option. Nothing is dropped silently: what passes here, the renderers write.
 */
import type { ValidationAcceptor } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { parseDuration } from '../../model/duration.js';
import { calicoSourceMode } from '../../model/calico-sessions.js';
import type { ModelNode, ModelPeerGroup, ModelRouter, ModelSpeaker, SpeakerKind, TopologyModel } from '../../model/topology-model.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report } from './validation-report.js';
import { groupRouterTarget } from './validation-targets.js';

/** The consumer's name in messages. */
const CONSUMER: Record<SpeakerKind, string> = {
    metallb: 'MetalLB (BGPPeer)',
    'cilium-bgp': 'Cilium (CiliumBGPPeerConfig)',
    'kube-vip': 'kube-vip',
    'calico-bgp': 'Calico (BGPPeer)'
};

/** MetalLB's BGPPeer `peerPort` stops at 16384 (FACTS-V2 §1.1). */
const METALLB_MAX_PORT = 16384;

type OptionsNode = ast.Speaker | ast.PeerGroup;

export class SpeakerCapabilityValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        const model = this.cache.get(root);
        for (const speaker of model.speakers) {
            for (const node of [speaker.ast, ...speaker.groups.flatMap((group) => (group.ast ? [group.ast] : []))]) {
                this.checkOptions(speaker.kind, node, accept);
            }
            if (speaker.kind === 'kube-vip') {
                this.checkOneProcessPerNode(speaker, accept);
            }
            if (speaker.kind === 'calico-bgp') {
                this.checkCalicoSources(model, speaker, accept);
                this.checkCalicoRouterIds(speaker, accept);
            }
        }
        this.checkListenPorts(model, accept);
    }

    private checkOptions(kind: SpeakerKind, node: OptionsNode, accept: ValidationAcceptor): void {
        const consumer = CONSUMER[kind];
        const unsupported = (target: { node: ast.Speaker | ast.PeerGroup | ast.Bfd | ast.GracefulRestart; property?: string }, what: string, why: string): void =>
            report(accept, 'error', DiagnosticCode.OptionUnsupported, `${consumer} cannot express ${what}: ${why}. It would be dropped; remove it here.`, target, { consumer: kind });
        switch (kind) {
            case 'metallb':
                if (node.gracefulRestart?.restartTime) {
                    unsupported(
                        { node: node.gracefulRestart, property: 'restartTime' },
                        '`restart-time`',
                        'its BGPPeer has `enableGracefulRestart` but no restart time'
                    );
                }
                break;
            case 'cilium-bgp':
                if (node.bfd) {
                    unsupported({ node, property: 'bfd' }, '`bfd`', 'Cilium 1.19 has no BFD');
                }
                for (const property of ['hold', 'keepalive'] as const) {
                    const value = node[property];
                    if (value !== undefined && parseDuration(value) === 0) {
                        report(
                            accept,
                            'error',
                            DiagnosticCode.ValueRange,
                            `${consumer} takes ${property === 'hold' ? '`holdTimeSeconds` 3–65535' : '`keepAliveTimeSeconds` 1–65535'}, not ${value}.`,
                            { node, property },
                            { consumer: kind }
                        );
                    }
                }
                break;
            case 'kube-vip':
                if (node.gracefulRestart) {
                    unsupported({ node, property: 'gracefulRestart' }, '`graceful-restart`', 'kube-vip does not configure graceful restart');
                }
                if (node.connectRetry) {
                    unsupported({ node, property: 'connectRetry' }, '`connect-retry`', 'kube-vip retries every 10 s, fixed');
                }
                if (node.families?.over) {
                    unsupported(
                        { node, property: 'families' },
                        `\`families … over ${node.families.over}\``,
                        'kube-vip opens one session per peer address and announces each VIP in its own family; it has no setting for one session carrying both'
                    );
                }
                break;
            case 'calico-bgp':
                if (node.hold) {
                    unsupported({ node, property: 'hold' }, '`hold`', 'its BGPPeer has `keepaliveTime` but no hold time');
                }
                if (node.bfd) {
                    unsupported({ node, property: 'bfd' }, '`bfd`', 'Calico Open Source 3.32 has no BFD');
                }
                if (node.connectRetry) {
                    unsupported({ node, property: 'connectRetry' }, '`connect-retry`', 'its BIRD template fixes the connect retry time at 5 s');
                }
                if (node.families?.over) {
                    unsupported(
                        { node, property: 'families' },
                        `\`families … over ${node.families.over}\``,
                        'Calico runs one BIRD per family (bird.cfg, bird6.cfg), one session per family and peer address'
                    );
                }
                break;
        }
    }

    /**
     * Calico sources a session from the node's own IP (`sourceAddress: UseNodeIP`: its first address of the family)
     * or lets the kernel choose (`None`: the link address of a directly connected session). Any other source is
     * refused on the group's `peer` line (§3, "Where the new diagnostics go").
     */
    private checkCalicoSources(model: TopologyModel, speaker: ModelSpeaker, accept: ValidationAcceptor): void {
        const reported = new Set<ModelPeerGroup>();
        for (const session of model.sessions) {
            if (session.speaker !== speaker || !session.source || reported.has(session.group) || calicoSourceMode(session) !== undefined) {
                continue;
            }
            reported.add(session.group);
            report(
                accept,
                'error',
                DiagnosticCode.OptionUnsupported,
                `Calico (BGPPeer) cannot express the source ${session.source.address.text} of ${session.node.name}'s session with ${session.router.name}: it sources only from the node's own IP (sourceAddress UseNodeIP) or the kernel's choice on a directly connected link (None).`,
                groupRouterTarget(session.group, session.router),
                { consumer: 'calico-bgp' }
            );
        }
    }

    /** A node `router-id` Calico cannot carry per node unless it equals what Calico derives (the node's IPv4, §13). */
    private checkCalicoRouterIds(speaker: ModelSpeaker, accept: ValidationAcceptor): void {
        for (const node of speaker.nodes) {
            const derived = node.addresses.find((entry) => entry.address.family === 4)?.address.text;
            if (node.ast.routerId !== undefined && node.routerId?.text !== derived) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.OptionUnsupported,
                    `Calico (calico-bgp, line ${lineOf(speaker.ast)}) cannot carry a per-node router-id: it uses the node's IPv4 address${derived ? ` (${derived})` : ''}. Remove it or make it that address.`,
                    { node: node.ast, property: 'routerId' },
                    { consumer: 'calico-bgp' }
                );
            }
        }
    }

    /**
     * kube-vip runs one process per node with one source and one set of timers (`bgp_hold_time`,
     * `bgp_keepalive_interval`, `bgp_sourceip` are global): a later group giving a node another set is refused.
     */
    private checkOneProcessPerNode(speaker: ModelSpeaker, accept: ValidationAcceptor): void {
        const seen = new Map<ModelNode, { timers: string; source: string; group: ModelPeerGroup }>();
        for (const group of speaker.groups) {
            if (group.routers.length === 0) {
                continue;
            }
            const timers = `${group.options.holdMs ?? '-'}/${group.options.keepaliveMs ?? '-'}`;
            const source = JSON.stringify(group.options.source);
            let timerClash: ModelPeerGroup | undefined;
            let sourceClash: ModelPeerGroup | undefined;
            for (const node of group.nodes) {
                const known = seen.get(node);
                if (!known) {
                    seen.set(node, { timers, source, group });
                    continue;
                }
                if (known.timers !== timers) {
                    timerClash ??= known.group;
                }
                if (known.source !== source) {
                    sourceClash ??= known.group;
                }
            }
            const at = group.ast ?? speaker.ast;
            if (timerClash) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.OptionUnsupported,
                    `kube-vip cannot express a second set of timers for the nodes of the group on line ${groupLine(timerClash)}: one kube-vip process per node has one hold time and one keepalive. Use the same timers in every group.`,
                    { node: at, property: group.ast?.hold !== undefined ? 'hold' : group.ast?.keepalive !== undefined ? 'keepalive' : undefined },
                    { consumer: 'kube-vip' }
                );
            }
            if (sourceClash) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.OptionUnsupported,
                    `kube-vip cannot express a second source for the nodes of the group on line ${groupLine(sourceClash)}: one kube-vip process per node has one source address.`,
                    { node: at, property: group.ast?.source !== undefined ? 'source' : undefined },
                    { consumer: 'kube-vip' }
                );
            }
        }
    }

    /** A router's `listen-port` that a speaker peering with it cannot dial: on the `listen-port`, once per consumer. */
    private checkListenPorts(model: TopologyModel, accept: ValidationAcceptor): void {
        for (const router of model.routers) {
            const port = router.listenPort;
            if (port === undefined || port === 179) {
                continue;
            }
            const reported = new Set<SpeakerKind>();
            for (const session of router.sessions) {
                const speaker = session.speaker;
                if (reported.has(speaker.kind)) {
                    continue;
                }
                if (speaker.kind === 'kube-vip') {
                    reported.add(speaker.kind);
                    portDiagnostic(accept, router, DiagnosticCode.OptionUnsupported, `kube-vip (line ${lineOf(speaker.ast)}) always dials port 179 (its bgp_peers port field is never applied), so it cannot reach ${router.name} on ${port}.`);
                } else if (speaker.kind === 'metallb' && port > METALLB_MAX_PORT) {
                    reported.add(speaker.kind);
                    portDiagnostic(accept, router, DiagnosticCode.ValueRange, `MetalLB (line ${lineOf(speaker.ast)}) takes a BGPPeer \`peerPort\` up to ${METALLB_MAX_PORT}, so it cannot dial ${router.name} on ${port}.`);
                }
            }
        }
    }
}

function portDiagnostic(accept: ValidationAcceptor, router: ModelRouter, code: DiagnosticCode, message: string): void {
    report(accept, 'error', code, message, { node: router.ast, property: 'listenPort' }, { router: router.name });
}

function groupLine(group: ModelPeerGroup): number {
    return group.ast ? lineOf(group.ast) : lineOf(group.speaker.ast);
}
