/**
 * What a speaker announces reaches a session (LANGUAGE-V2 §6): a kube-vip `bgp` VIP must be announced on each of its
 * holders — by a kube-vip block of the holder's cluster that names it, over a session of the VIP's family — else
 * `family-no-session` (the holder's static pod would have no peer to announce the VIP to). A block that would
 * announce nothing (`advertisement-empty`) is advertisement-validator.ts's, with the rest of §7.
 */
import type { ValidationAcceptor } from 'langium';
import type * as ast from '../../language/generated/ast.js';
import type { ModelNode, ModelSpeaker, ModelVip, TopologyModel } from '../../model/index.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { report } from './validation-report.js';

export class AnnouncementValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        const model = this.cache.get(root);
        for (const vip of model.vips) {
            if (vip.mechanism === 'kube-vip-bgp') {
                this.checkKubeVipHolders(vip, model, accept);
            }
        }
    }

    /** Each node holding the VIP needs a kube-vip block naming it and a session of the VIP's family there. */
    private checkKubeVipHolders(vip: ModelVip, model: TopologyModel, accept: ValidationAcceptor): void {
        const family = vip.address?.family;
        if (family === undefined) {
            return;
        }
        const name = family === 6 ? 'IPv6' : 'IPv4';
        const unnamed: ModelNode[] = [];
        const silent = new Map<ModelSpeaker, ModelNode[]>();
        for (const holder of vip.holders) {
            const node = holder.host;
            if (node.kind !== 'node') {
                continue;
            }
            // The block naming the VIP; a holder outside its nodes has no session there (render refuses it too).
            const speaker = node.cluster.speakers.find((entry) => entry.kind === 'kube-vip' && entry.vips.includes(vip));
            if (!speaker) {
                unnamed.push(node);
                continue;
            }
            if (!model.sessions.some((session) => session.speaker === speaker && session.node === node && session.carries.includes(family))) {
                silent.set(speaker, [...(silent.get(speaker) ?? []), node]);
            }
        }
        if (unnamed.length > 0) {
            report(
                accept,
                'error',
                DiagnosticCode.FamilyNoSession,
                `No kube-vip block announces VIP ${vip.name} from ${listNames(unnamed)}: add \`vip ${vip.name}\` to the kube-vip block of ${unnamed[0].cluster.name} (with a \`peer\` towards a router).`,
                { node: vip.ast, property: 'mechanism' },
                { family }
            );
        }
        for (const [speaker, nodes] of silent) {
            // No session of the family at all while the block has routers: the block's own family-no-session says so.
            if (speaker.groups.some((group) => group.routers.length > 0) && !model.sessions.some((session) => session.speaker === speaker && session.carries.includes(family))) {
                continue;
            }
            report(
                accept,
                'error',
                DiagnosticCode.FamilyNoSession,
                `kube-vip on ${listNames(nodes)} holds VIP ${vip.name} but has no ${name} session to announce it on: add ${nodes.length === 1 ? 'the node' : 'them'} to a \`peer\` group's \`speakers\` with a router it shares an ${name} network with.`,
                { node: speaker.ast as ast.KubeVipSpeaker, property: 'vip' },
                { family }
            );
        }
    }
}

function listNames(nodes: readonly ModelNode[]): string {
    const names = nodes.map((node) => node.name);
    return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}
