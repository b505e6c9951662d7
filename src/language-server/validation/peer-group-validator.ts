/**
 * Checks of selectors and peer groups on the model (LANGUAGE-V2 §1, §2, §6): alternatives that mix node names
 * with label terms or select nothing, a (node, router, family) reached by two groups of one block, a node
 * needing two local ASNs in one speaker, and announced families without any session.
 */
import type { ValidationAcceptor } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { termText } from '../../model/node-selector.js';
import type {
    AddressFamily,
    Announcement,
    ModelNode,
    ModelPeerGroup,
    ModelRouter,
    ModelSelector,
    ModelSpeaker,
    TopologyModel
} from '../../model/topology-model.js';
import { advertisementAnnouncements, announcementsOf } from '../../model/announcement-derivation.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { lineOf, report, reportTarget, type ReportTarget } from './validation-report.js';
import { groupRouterTarget } from './validation-targets.js';

export class PeerGroupValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        const model = this.cache.get(root);
        for (const speaker of model.speakers) {
            if (speaker.selector) {
                this.checkSelector(speaker.selector, speaker.cluster.name, accept);
            }
            for (const group of speaker.groups) {
                if (group.selector) {
                    this.checkSelector(group.selector, speaker.cluster.name, accept);
                }
            }
            for (const advertisement of speaker.advertisements) {
                if (advertisement.selector) {
                    this.checkSelector(advertisement.selector, speaker.cluster.name, accept);
                }
            }
            this.checkDuplicates(speaker, model, accept);
            this.checkAsnSplit(speaker, accept);
            this.checkFamilies(speaker, model, accept);
        }
    }

    private checkSelector(selector: ModelSelector, cluster: string, accept: ValidationAcceptor): void {
        for (const alternative of selector.alternatives) {
            const named = (alternative.ast.items ?? []).filter((item) => item.node);
            if (named.length > 0 && (alternative.terms.length > 0 || alternative.group !== undefined)) {
                const other = alternative.terms.length > 0 ? `label terms (${alternative.terms.map(termText).join(', ')})` : `the group word \`${alternative.group}\``;
                report(
                    accept,
                    'error',
                    DiagnosticCode.SelectorMixed,
                    `This alternative names nodes (${named.map((item) => item.node?.$refText).join(', ')}) and ${other}: write one or the other, and join them with \`or\` for a union.`,
                    { node: alternative.ast }
                );
                continue;
            }
            if (alternative.matched.length === 0 && named.every((item) => item.node?.ref !== undefined)) {
                const terms = alternative.terms.map(termText);
                report(
                    accept,
                    'error',
                    DiagnosticCode.SelectorEmpty,
                    `${terms.length > 0 ? terms.join(', ') : 'This alternative'}${alternative.group ? ` (${alternative.group})` : ''} matches no node of cluster ${cluster}: nothing would be selected.`,
                    { node: alternative.ast },
                    { terms: alternative.terms }
                );
            }
        }
    }

    /** A (node, router, family) that an earlier group of the block already reaches: on the later group's router. */
    private checkDuplicates(speaker: ModelSpeaker, model: TopologyModel, accept: ValidationAcceptor): void {
        const first = new Map<string, ModelPeerGroup>();
        const findings = new Map<ModelPeerGroup, Map<ModelRouter, { earlier: ModelPeerGroup; nodes: string[] }>>();
        for (const session of model.sessions) {
            if (session.speaker !== speaker) {
                continue;
            }
            for (const family of session.carries) {
                const key = `${session.node.name}|${session.router.name}|${family}`;
                const earlier = first.get(key);
                if (!earlier) {
                    first.set(key, session.group);
                    continue;
                }
                if (earlier === session.group) {
                    continue;
                }
                const byRouter = findings.get(session.group) ?? new Map();
                findings.set(session.group, byRouter);
                const entry = byRouter.get(session.router) ?? { earlier, nodes: [] };
                byRouter.set(session.router, entry);
                if (!entry.nodes.includes(session.node.name)) {
                    entry.nodes.push(session.node.name);
                }
            }
        }
        for (const [group, byRouter] of findings) {
            for (const [router, { earlier, nodes }] of byRouter) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.SessionDuplicate,
                    `${listNames(nodes)} already peer${nodes.length === 1 ? 's' : ''} with ${router.name} through the group on line ${groupLine(earlier)}: a router keeps one session per address and family. Remove ${router.name} from this group or narrow its \`speakers\`.`,
                    groupRouterTarget(group, router),
                    { router: router.name, earlierLine: groupLine(earlier) }
                );
            }
        }
    }

    /** One speaker on one node keeps one local AS (MetalLB's FRR mode, Calico): on the later group. */
    private checkAsnSplit(speaker: ModelSpeaker, accept: ValidationAcceptor): void {
        const asnOf = new Map<ModelNode, { asn: number; group: ModelPeerGroup }>();
        for (const group of speaker.groups) {
            const asn = group.options.asn;
            if (asn === undefined || group.routers.length === 0) {
                continue;
            }
            const clashes: string[] = [];
            let earlier: { asn: number; group: ModelPeerGroup } | undefined;
            for (const node of group.nodes) {
                const known = asnOf.get(node);
                if (!known) {
                    asnOf.set(node, { asn, group });
                } else if (known.asn !== asn) {
                    clashes.push(node.name);
                    earlier ??= known;
                }
            }
            if (earlier) {
                const target: ReportTarget = group.ast?.asn !== undefined ? { node: group.ast, property: 'asn' } : { node: group.ast ?? speaker.ast };
                report(
                    accept,
                    'error',
                    DiagnosticCode.SpeakerAsnSplit,
                    `${listNames(clashes)} would speak AS ${asn} here and AS ${earlier.asn} in the group on line ${groupLine(earlier.group)}: one ${speaker.kind} speaker keeps one local AS per node. Make the groups' \`speakers\` disjoint or use one AS.`,
                    target,
                    { asn, earlierAsn: earlier.asn }
                );
            }
        }
    }

    /** Prefixes of a family announced while no session of the block carries that family (§6). */
    private checkFamilies(speaker: ModelSpeaker, model: TopologyModel, accept: ValidationAcceptor): void {
        if (speaker.groups.every((group) => group.routers.length === 0)) {
            return;
        }
        const carried = new Set<number>();
        for (const session of model.sessions) {
            if (session.speaker === speaker) {
                session.carries.forEach((family) => carried.add(family));
            }
        }
        // Nodes that announce the same share one list: each distinct list is read once.
        const announced = new Set<number>();
        const lists = new Set<readonly Announcement[]>();
        for (const node of speaker.nodes) {
            const list = announcementsOf(speaker, node);
            if (!lists.has(list)) {
                lists.add(list);
                list.forEach((announcement) => announced.add(announcement.prefix.family));
            }
        }
        for (const family of [4, 6] as AddressFamily[]) {
            if (!announced.has(family) || carried.has(family)) {
                continue;
            }
            const name = family === 6 ? 'IPv6' : 'IPv4';
            for (const target of announcementTargets(speaker, family)) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.FamilyNoSession,
                    `${speaker.kind} announces ${name} prefixes here, but none of its sessions carries ${name}: its nodes and routers share no ${name} addresses. Add ${name} addresses, or carry it over the other family with \`families ipv4, ipv6 over ipv${family === 6 ? 4 : 6}\`.`,
                    target,
                    { family }
                );
            }
        }
    }
}

/**
 * The items of a block that announce prefixes of a family: its `advertise` items, else (v1 form) its `pool` entries,
 * kube-vip's `vip` and `services pool` (placement: "Where the new diagnostics go").
 */
function announcementTargets(speaker: ModelSpeaker, family: AddressFamily): ReportTarget[] {
    const node = speaker.ast;
    const targets: ReportTarget[] = [];
    for (const advertisement of speaker.advertisements) {
        const families = new Set(speaker.servicesNodes.flatMap((member) => advertisementAnnouncements(advertisement, member).map((a) => a.prefix.family)));
        if (!families.has(family)) {
            continue;
        }
        if (advertisement.ast) {
            targets.push({ node: advertisement.ast });
        } else if (advertisement.kind === 'vip') {
            if (ast.isKubeVipSpeaker(node)) {
                targets.push(reportTarget(node, 'vip'));
            }
        } else if (ast.isKubeVipSpeaker(node)) {
            targets.push(reportTarget(node, 'servicesPool'));
        } else if (ast.isMetallbSpeaker(node)) {
            const index = (node.pools ?? []).findIndex((ref) => ref.ref === advertisement.network?.ast);
            targets.push(reportTarget(node, 'pools', index >= 0 ? index : undefined));
        }
    }
    return targets.length > 0 ? targets : [{ node, property: 'kind' }];
}

function groupLine(group: ModelPeerGroup): number {
    if (group.ast) {
        return lineOf(group.ast);
    }
    const first = group.speaker.ast.peers?.[0]?.$refNode;
    return first ? first.range.start.line + 1 : lineOf(group.speaker.ast);
}

function listNames(names: string[]): string {
    return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}
