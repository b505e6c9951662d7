/**
 * What is announced (LANGUAGE-V2 §7, §9): pool allocation options, advertisement items and options, per consumer
 * (FACTS-V2 §7); a pool's own ranges and options on its network are checked in pool-validator.ts. Codes: `value-range`
 * on `aggregate`, `communities` and `local-pref`, `option-unsupported` for an item or option the speaker cannot
 * express, `local-pref-ebgp`, `pool-unadvertised`, `advertisement-empty`. Each on the property at fault ("Where the new
 * diagnostics go"). Validators do no I/O: everything comes from the cached model.
 */
import type { ValidationAcceptor } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { advertisementAnnouncements } from '../../model/announcement-derivation.js';
import { parseCommunity } from '../../model/community.js';
import { familyBits, rangePrefixes } from '../../model/ip-address.js';
import type { ModelAdvertisement, ModelSpeaker, SpeakerKind, TopologyModel } from '../../model/topology-model.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { POOL_KEYWORD } from './pool-validator.js';
import { lineOf, report, type ReportTarget } from './validation-report.js';

const LOCAL_PREF_MAX = 4294967295;

/** The consumer's name in messages. */
const CONSUMER: Record<SpeakerKind, string> = {
    metallb: 'MetalLB (BGPAdvertisement)',
    'cilium-bgp': 'Cilium (CiliumBGPAdvertisement)',
    'kube-vip': 'kube-vip',
    'calico-bgp': 'Calico (IPPool, BGPConfiguration)'
};

export class AdvertisementValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        const model = this.cache.get(root);
        for (const speaker of model.speakers) {
            for (const advertisement of speaker.advertisements) {
                if (advertisement.ast) {
                    this.checkOptions(advertisement, advertisement.ast, accept);
                    this.checkConsumer(speaker, advertisement, advertisement.ast, accept);
                    this.checkLocalPref(model, advertisement, advertisement.ast, accept);
                }
            }
            this.checkPoolOptions(speaker, accept);
            this.checkLocalPrefClash(speaker, accept);
            this.checkUnadvertised(speaker, accept);
            this.checkEmpty(speaker, accept);
            if (speaker.servicesPool) {
                this.checkServicesDaemonSet(model, speaker, accept);
            }
        }
    }

    /**
     * kube-vip's services DaemonSet (§9) has one pod template: its router-id is each node's own address and a
     * password would sit in the manifest. A node `router-id` it cannot carry, or a password on its sessions, is
     * `option-unsupported` (§13).
     */
    private checkServicesDaemonSet(model: TopologyModel, speaker: ModelSpeaker, accept: ValidationAcceptor): void {
        const holders = new Set(speaker.vips.flatMap((vip) => vip.holders.map((holder) => holder.host)));
        const daemonSetNodes = new Set(speaker.servicesNodes.filter((node) => !holders.has(node)));
        for (const node of daemonSetNodes) {
            const own = node.addresses.find((entry) => entry.address.family === 4)?.address;
            if (node.ast.routerId !== undefined && node.routerId && own && node.routerId.value !== own.value) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.OptionUnsupported,
                    `kube-vip's services DaemonSet (line ${lineOf(speaker.ast)}) cannot carry a router-id per node: it uses each node's own address (${own.text} here). Remove the router-id, or set it to ${own.text}.`,
                    { node: node.ast, property: 'routerId' },
                    { consumer: speaker.kind }
                );
            }
        }
        const reported = new Set<unknown>();
        for (const session of model.sessions) {
            const at = session.group.ast ?? speaker.ast;
            if (session.speaker !== speaker || !daemonSetNodes.has(session.node) || !session.options.passwordSecret || reported.has(at)) {
                continue;
            }
            reported.add(at);
            report(
                accept,
                'error',
                DiagnosticCode.OptionUnsupported,
                `kube-vip's services DaemonSet cannot express \`password\` towards ${session.router.name}: kube-vip takes the password only inside \`bgp_peers\`, which would put it in the DaemonSet manifest. Remove it for the services nodes (e.g. \`speakers\` on a group without a password).`,
                { node: at, property: 'password' },
                { consumer: speaker.kind }
            );
        }
    }

    /** Values every consumer shares: `aggregate` between the prefix length and the host length, communities, local-pref. */
    private checkOptions(advertisement: ModelAdvertisement, node: ast.Advertisement, accept: ValidationAcceptor): void {
        const prefix = advertisement.kind === 'cluster-ips' ? advertisement.speaker.cluster.serviceNetwork?.prefix : advertisement.network?.prefix;
        if (node.aggregate !== undefined && prefix) {
            const host = familyBits(prefix.family);
            if (node.aggregate < prefix.length || node.aggregate > host) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.ValueRange,
                    `\`aggregate ${node.aggregate}\` must lie between the prefix length of ${prefix.text} and ${host}: ${prefix.length}–${host}.`,
                    { node, property: 'aggregate' }
                );
            }
        }
        (node.communities ?? []).forEach((text, index) => {
            const parsed = parseCommunity(text);
            if ('error' in parsed) {
                report(accept, 'error', DiagnosticCode.ValueRange, `${parsed.error}.`, { node, property: 'communities', index });
            }
        });
        if (node.localPref !== undefined && node.localPref > LOCAL_PREF_MAX) {
            report(accept, 'error', DiagnosticCode.ValueRange, `\`local-pref\` is 0–${LOCAL_PREF_MAX} (32 bits), not ${node.localPref}.`, { node, property: 'localPref' });
        }
    }

    /** The items and options each speaker can express (FACTS-V2 §7); anything else would be dropped. */
    private checkConsumer(speaker: ModelSpeaker, advertisement: ModelAdvertisement, node: ast.Advertisement, accept: ValidationAcceptor): void {
        const consumer = CONSUMER[speaker.kind];
        const unsupported = (target: ReportTarget<ast.Advertisement>, what: string, why: string): void =>
            report(accept, 'error', DiagnosticCode.OptionUnsupported, `${consumer} cannot express ${what}: ${why}. It would be dropped; remove it here.`, target, { consumer: speaker.kind });
        if (speaker.kind === 'metallb') {
            if (advertisement.kind !== 'pool') {
                unsupported({ node }, `\`advertise ${advertisement.kind}\``, 'MetalLB announces LoadBalancer pools only');
                return;
            }
            const host = advertisement.network?.prefix ? familyBits(advertisement.network.prefix.family) : undefined;
            const shortest = advertisement.network ? Math.min(...advertisement.network.ranges.flatMap((range) => (range.start && range.end ? rangePrefixes(range.start, range.end).map((block) => block.length) : []))) : Infinity;
            if (advertisement.aggregate !== undefined && advertisement.aggregate < shortest && shortest !== Infinity) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.ValueRange,
                    `${consumer} takes an aggregation length no shorter than the largest block of the pool's ranges (/${shortest}), not ${advertisement.aggregate}: it rejects the BGPAdvertisement ("prefix ${shortest} in this pool is more specific than the aggregation length").`,
                    { node, property: 'aggregate' },
                    { consumer: speaker.kind }
                );
            }
            if (node.services.length > 0 && advertisement.aggregate !== undefined && advertisement.aggregate !== host) {
                unsupported(
                    { node, property: 'services' },
                    '`services` with an `aggregate` shorter than the host length',
                    'a BGPAdvertisement takes `serviceSelectors` only with per-address announcements (use the pool\'s own `services` for any length)'
                );
            }
        }
        if (speaker.kind === 'calico-bgp') {
            this.checkCalico(advertisement, node, unsupported);
        }
        if (speaker.kind === 'cilium-bgp') {
            if (advertisement.kind === 'pod-cidrs' && advertisement.aggregate !== undefined) {
                unsupported({ node, property: 'aggregate' }, '`aggregate` on `pod-cidrs`', 'Cilium aggregates Service advertisements only');
            }
            if (advertisement.kind === 'pod-cidrs' && node.services.length > 0) {
                unsupported({ node, property: 'services' }, '`services` on `pod-cidrs`', 'a PodCIDR advertisement takes no selector');
            }
            if (node.speakerSet) {
                unsupported({ node, property: 'speakerSet' }, '`speakers` on an advertisement', 'a CiliumBGPAdvertisement applies to every node of its cluster config (choose the nodes with the block\'s or a group\'s `speakers`)');
            }
        }
    }

    /**
     * Calico (FACTS-V2 §3): BGPConfiguration `default` names the pod CIDRs (its IPPools), service CIDRs
     * (`serviceClusterIPs`, `serviceExternalIPs`, `serviceLoadBalancerIPs`) and per-CIDR communities
     * (`prefixAdvertisements`); no VIP, no per-router or per-node choice, no local-pref, no Service selector, no
     * aggregation length.
     */
    private checkCalico(advertisement: ModelAdvertisement, node: ast.Advertisement, unsupported: (target: ReportTarget<ast.Advertisement>, what: string, why: string) => void): void {
        if (advertisement.kind === 'vip') {
            unsupported({ node }, '`advertise vip`', 'Calico announces pod and Service CIDRs only (a VIP is kube-vip\'s or keepalived\'s)');
            return;
        }
        const why = 'BGPConfiguration `default` applies to every node and every peer of the cluster';
        if (node.to.length > 0) {
            unsupported({ node, property: 'to' }, '`to` on an advertisement', why);
        }
        if (node.speakerSet) {
            unsupported({ node, property: 'speakerSet' }, '`speakers` on an advertisement', why);
        }
        if (node.localPref !== undefined) {
            unsupported({ node, property: 'localPref' }, '`local-pref`', 'it has no LOCAL_PREF field (BGPFilter `setPriority` is the kernel metric)');
        }
        if (node.services.length > 0) {
            unsupported({ node, property: 'services' }, '`services` on an advertisement', 'it announces whole Service CIDRs; externalTrafficPolicy chooses /32s');
        }
        if (node.aggregate !== undefined) {
            unsupported({ node, property: 'aggregate' }, '`aggregate`', 'it announces the CIDR it is given (and /32s for Services with externalTrafficPolicy Local)');
        }
    }

    /** LOCAL_PREF is not sent over eBGP: on an advertisement whose sessions are all eBGP it does nothing. */
    private checkLocalPref(model: TopologyModel, advertisement: ModelAdvertisement, node: ast.Advertisement, accept: ValidationAcceptor): void {
        if (advertisement.localPref === undefined) {
            return;
        }
        const nodes = new Set(advertisement.nodes);
        const sessions = model.sessions.filter(
            (session) =>
                session.speaker === advertisement.speaker &&
                nodes.has(session.node) &&
                (advertisement.to.length === 0 || advertisement.to.includes(session.router))
        );
        if (sessions.length > 0 && sessions.every((session) => session.type === 'ebgp')) {
            report(
                accept,
                'warning',
                DiagnosticCode.LocalPrefEbgp,
                `\`local-pref ${advertisement.localPref}\` does nothing here: every session of this advertisement is eBGP (${[...new Set(sessions.map((s) => s.router.name))].join(', ')}), and eBGP does not carry LOCAL_PREF.`,
                { node, property: 'localPref' }
            );
        }
    }

    /** Pool options per consumer: Cilium's LB IPAM has no auto-assign switch; kube-vip's cloud provider no Service labels. */
    private checkPoolOptions(speaker: ModelSpeaker, accept: ValidationAcceptor): void {
        for (const pool of speaker.pools) {
            const node = pool.ast;
            if (speaker.kind === 'cilium-bgp' && !pool.autoAssign) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.OptionUnsupported,
                    `Cilium (CiliumLoadBalancerIPPool) cannot express \`auto-assign off\` (line ${lineOf(speaker.ast)} announces this pool): LB IPAM gives any matching Service an address. Choose the Services with \`services\` instead.`,
                    { node, property: 'autoAssignOff' },
                    { consumer: speaker.kind }
                );
            }
            if (speaker.kind === 'kube-vip') {
                for (const property of ['services', 'autoAssignOff'] as const) {
                    const set = property === 'services' ? pool.services.length > 0 : !pool.autoAssign;
                    if (set) {
                        report(
                            accept,
                            'error',
                            DiagnosticCode.OptionUnsupported,
                            `kube-vip (kube-vip-cloud-provider, line ${lineOf(speaker.ast)}) cannot express \`${POOL_KEYWORD[property]}\`: its ConfigMap chooses addresses per namespace only. It would be dropped; remove it here.`,
                            { node, property },
                            { consumer: speaker.kind }
                        );
                    }
                }
            }
        }
    }

    /** MetalLB refuses two advertisements of one pool at one length with different local-pref (FACTS-V2 §1.2). */
    private checkLocalPrefClash(speaker: ModelSpeaker, accept: ValidationAcceptor): void {
        if (speaker.kind !== 'metallb') {
            return;
        }
        const seen = new Map<string, ModelAdvertisement>();
        for (const advertisement of speaker.advertisements) {
            const pool = advertisement.network;
            if (!pool?.prefix || !advertisement.ast) {
                continue;
            }
            const key = `${pool.name}|${advertisement.aggregate ?? familyBits(pool.prefix.family)}`;
            const earlier = seen.get(key);
            if (earlier && (earlier.localPref ?? -1) !== (advertisement.localPref ?? -1) && (earlier.localPref !== undefined || advertisement.localPref !== undefined)) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.OptionUnsupported,
                    `MetalLB (BGPAdvertisement) cannot express a second local-pref for pool ${pool.name} at the same length as line ${lineOf(earlier.ast!)}: it refuses the pair. Use one local-pref, or another \`aggregate\`.`,
                    { node: advertisement.ast, property: advertisement.localPref !== undefined ? 'localPref' : undefined },
                    { consumer: speaker.kind }
                );
            }
            seen.set(key, advertisement);
        }
    }

    /** A pool in metallb's `pool` that none of the block's `advertise` lines names (§7). */
    private checkUnadvertised(speaker: ModelSpeaker, accept: ValidationAcceptor): void {
        const node = speaker.ast;
        if (!ast.isMetallbSpeaker(node) || (node.advertise ?? []).length === 0) {
            return;
        }
        const advertised = new Set(speaker.advertisements.map((advertisement) => advertisement.network));
        (node.pools ?? []).forEach((ref, index) => {
            const pool = speaker.pools.find((entry) => entry.ast === ref.ref);
            if (pool && !advertised.has(pool)) {
                report(
                    accept,
                    'warning',
                    DiagnosticCode.PoolUnadvertised,
                    `Pool ${pool.name} is given to MetalLB but no \`advertise\` line names it: its addresses are handed out and never announced. Add \`pool ${pool.name}\` to \`advertise\`, or remove it here.`,
                    { node, property: 'pools', index },
                    { pool: pool.name }
                );
            }
        });
    }

    /** A block that would announce nothing at all (§7 `advertisement-empty`; render would refuse it), on its keyword. */
    private checkEmpty(speaker: ModelSpeaker, accept: ValidationAcceptor): void {
        const nodes = speaker.kind === 'kube-vip' ? speaker.nodes : speaker.servicesNodes;
        const announces = speaker.advertisements.some((advertisement) =>
            (advertisement.nodes.length > 0 ? advertisement.nodes : nodes).some((member) => advertisementAnnouncements(advertisement, member).length > 0)
        );
        if (announces || speaker.advertisements.some((advertisement) => advertisement.ast && !advertisementResolved(advertisement))) {
            return;
        }
        const what =
            speaker.kind === 'kube-vip'
                ? 'it has neither a `vip` nor `services pool`'
                : speaker.advertisements.length === 0
                  ? speaker.kind === 'metallb'
                      ? 'it has no `pool`'
                      : 'it has no `advertise` line'
                  : 'what it advertises has no prefix (`pod-cidrs` without a `pod-network` or any node `pod-cidr`, `cluster-ips` without a `service-network`)';
        report(
            accept,
            'error',
            DiagnosticCode.AdvertisementEmpty,
            `This ${speaker.kind} block would announce nothing: ${what}. Its sessions would carry no route.`,
            { node: speaker.ast, property: 'kind' }
        );
    }
}

/** An item whose reference does not resolve is reported by the linker; it does not make the block empty. */
function advertisementResolved(advertisement: ModelAdvertisement): boolean {
    switch (advertisement.kind) {
        case 'pool':
        case 'external-ips':
            return advertisement.network !== undefined;
        case 'vip':
            return advertisement.vip !== undefined;
        default:
            return true;
    }
}
