/**
 * VIP checks: a keepalived (or kube-vip ARP) VIP on exactly one of its holders; a kube-vip BGP VIP routed by
 * every router its speakers peer with, via exactly the announcing nodes.
 */
import type { ModelVip, TopologyModel } from '../model/index.js';
import { hostPrefix, parsePrefix } from '../model/ip-address.js';
import { PROBES, UnknownAnswer, type EvaluationContext, type PlanSink } from './verify-check-context.js';
import { evaluateVipRoute, parseBgpRoutes, type Evaluation } from './verify-frr.js';
import { parseIpAddrJson } from './verify-host-state.js';
import { locateVip } from './verify-locate.js';

export type VipHoldersRule = { readonly rule: 'vip-holders'; readonly address: string; readonly holders: readonly string[] };
export type VipRouteRule = { readonly rule: 'vip-route'; readonly router: string; readonly probe: string; readonly prefix: string; readonly expectedPeers: readonly string[] };

export function planVipHolders(vip: ModelVip, model: TopologyModel, sink: PlanSink): void {
    const { probe, checks } = sink;
    const address = vip.address;
    if (!address) {
        return;
    }
    if (vip.mechanism === 'kube-vip-bgp') {
        planKubeVipRoutes(vip, model, sink);
        return;
    }
    const holders = [...new Set(vip.holders.map((holder) => holder.host))];
    if (holders.length === 0) {
        return;
    }
    for (const host of holders) {
        probe(host, PROBES.addresses);
    }
    checks.push({
        id: `vip:${vip.name}`,
        kind: 'vip',
        subject: `vip ${vip.name} ${address.text} (${vip.mechanism ?? 'keepalived'})`,
        location: locateVip(vip),
        rule: { rule: 'vip-holders', address: address.text, holders: holders.map((host) => host.name) }
    });
}

/** kube-vip BGP: every router the announcing speakers peer with routes the /32 via exactly those nodes. */
function planKubeVipRoutes(vip: ModelVip, model: TopologyModel, { probe, checks }: PlanSink): void {
    const address = vip.address!;
    const holderNodes = new Set(vip.holders.map((holder) => holder.host));
    const sessions = model.sessions.filter(
        (session) => session.speaker.vips.includes(vip) && (holderNodes.size === 0 || holderNodes.has(session.node)) && session.source
    );
    const routers = [...new Set(sessions.map((session) => session.router))];
    const prefix = hostPrefix(address);
    for (const router of routers) {
        const id = probe(router, address.family === 4 ? PROBES.bgpIpv4 : PROBES.bgpIpv6);
        const expectedPeers = sessions.filter((session) => session.router === router).map((session) => session.source!.address.text);
        checks.push({
            id: `vip:${vip.name}@${router.name}`,
            kind: 'vip',
            subject: `vip ${vip.name} ${prefix.text} on ${router.name} (kube-vip bgp)`,
            location: locateVip(vip),
            rule: { rule: 'vip-route', router: router.name, probe: id, prefix: prefix.text, expectedPeers }
        });
    }
}

export function vipHolders(rule: VipHoldersRule, context: EvaluationContext): Evaluation {
    const having: string[] = [];
    const unknown: string[] = [];
    for (const host of rule.holders) {
        try {
            if (context.parsed(host, PROBES.addresses.id, parseIpAddrJson).has(rule.address)) {
                having.push(host);
            }
        } catch (error) {
            if (!(error instanceof UnknownAnswer)) {
                throw error;
            }
            unknown.push(error.message);
        }
    }
    if (having.length >= 2) {
        return { status: 'fail', message: `split brain: ${rule.address} is on ${having.join(' and ')} at once` };
    }
    if (unknown.length > 0) {
        return { status: 'unknown', message: `${having.length === 1 ? `on ${having[0]}; ` : ''}cannot tell for every holder: ${unknown.join('; ')}` };
    }
    if (having.length === 0) {
        return { status: 'fail', message: `${rule.address} is down: no holder has it (holders ${rule.holders.join(' and ')})` };
    }
    return { status: 'pass', message: `on ${having[0]} only` };
}

export function vipRoute(rule: VipRouteRule, context: EvaluationContext): Evaluation {
    return evaluateVipRoute(context.parsed(rule.router, rule.probe, parseBgpRoutes), parsePrefix(rule.prefix)!, rule.expectedPeers);
}
