/**
 * What routers send beyond the speakers (LANGUAGE-V2 §4): the `announce` items of `upstream` and `neighbor ROUTER`
 * lines, and an upstream's `accept`.
 * - `announce-unsourced`: an item that nothing in the file originates at the announcing router (see
 *   model/announce-sources.ts), on the item.
 * - `network-role`: `announce pool NET` naming a network that is not a loadbalancer pool, on the item.
 * - `family-no-session`: an item none of whose prefixes is of a family the line's session carries (an upstream's
 *   session runs in its address's family), on the item.
 */
import type { ValidationAcceptor } from 'langium';
import { announceItemText as itemText } from '../../model/announce-lowering.js';
import { announceUnsourced } from '../../model/announce-sources.js';
import type { AddressFamily, ModelAnnounce, ModelRouter, TopologyModel } from '../../model/topology-model.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import type * as ast from '../../language/generated/ast.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { report } from './validation-report.js';

export class AnnounceValidator {
    constructor(private readonly cache: BgptopoTopologyCache) {}

    checkTopology(root: ast.Topology, accept: ValidationAcceptor): void {
        const model = this.cache.get(root);
        for (const router of model.routers) {
            for (const upstream of router.upstreams) {
                const families: AddressFamily[] | undefined = upstream.address ? [upstream.address.family] : undefined;
                const where = `upstream ${upstream.address?.text ?? ''}`.trim();
                const ebgp = upstream.asn === undefined || upstream.asn !== router.asn;
                upstream.announce.forEach((item) => this.checkItem(model, router, item, { families, where, ebgp }, accept));
                this.checkAcceptFamilies(upstream.accept.ast, upstream.accept.kind === 'prefixes' ? families : undefined, accept);
            }
            for (const line of router.routerNeighbors) {
                const sessions = router.routerSessions.filter((session) => session.ends.some((end) => end.router === line.peer));
                const families = sessions.length > 0 ? [...new Set(sessions.flatMap((session) => session.carries))] : undefined;
                const ebgp = line.peer.asn === undefined || line.peer.asn !== router.asn;
                line.announce.forEach((item) => this.checkItem(model, router, item, { families, where: `router ${line.peer.name}`, ebgp }, accept));
            }
        }
    }

    /** The families the line's session carries (undefined: no session), its peer for messages, and whether it is eBGP. */
    private checkItem(
        model: TopologyModel,
        router: ModelRouter,
        item: ModelAnnounce,
        { families, where, ebgp }: { families: AddressFamily[] | undefined; where: string; ebgp: boolean },
        accept: ValidationAcceptor
    ): void {
        if (item.kind === 'pool' && item.network && item.network.role !== 'loadbalancer') {
            report(
                accept,
                'error',
                DiagnosticCode.NetworkRole,
                `\`announce pool\` names a loadbalancer pool; network ${item.network.name} has role ${item.network.role}. Use \`announce network ${item.network.name}\` for a network the router is on.`,
                { node: item.ast, property: 'network' }
            );
            return;
        }
        const why =
            item.kind === 'pod-network' && item.cluster && item.prefixes.length === 0
                ? `cluster ${item.cluster.name} has no pod network and no node \`pod-cidr\``
                : announceUnsourced(model, router, item, ebgp);
        if (why !== undefined) {
            report(
                accept,
                'error',
                DiagnosticCode.AnnounceUnsourced,
                `Router ${router.name} would announce ${itemText(item)} to ${where}, but nothing in the file originates it there: ${why}.`,
                { node: item.ast, property: item.kind === 'loopback' ? 'kind' : item.kind === 'vip' ? 'vip' : item.kind === 'pod-network' ? 'cluster' : 'network' },
                { router: router.name }
            );
            return;
        }
        if (families && item.prefixes.length > 0 && !item.prefixes.some((entry) => families.includes(entry.prefix.family))) {
            report(
                accept,
                'error',
                DiagnosticCode.FamilyNoSession,
                `The session with ${where} carries ${families.map((family) => `IPv${family}`).join(' and ')} only: ${itemText(item)} (${item.prefixes.map((entry) => entry.prefix.text).join(', ')}) cannot be sent on it.`,
                { node: item.ast, property: 'kind' },
                { router: router.name }
            );
        }
    }

    /** An accepted prefix of a family the upstream session does not carry. */
    private checkAcceptFamilies(node: ast.Accept | undefined, families: AddressFamily[] | undefined, accept: ValidationAcceptor): void {
        if (!node || !families) {
            return;
        }
        (node.prefixes ?? []).forEach((text, index) => {
            const family: AddressFamily = text.includes(':') ? 6 : 4;
            if (!families.includes(family)) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.FamilyNoSession,
                    `The upstream session runs in IPv${families[0]} only: it never receives ${text}.`,
                    { node, property: 'prefixes', index }
                );
            }
        });
    }
}
