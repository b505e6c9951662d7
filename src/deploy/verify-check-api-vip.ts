/** API VIP checks: a TCP connect to each frontend (or kube-vip API) port of a VIP, from a host outside it. */
import type { ModelHost, ModelVip, TopologyModel } from '../model/index.js';
import { prefixContains } from '../model/ip-address.js';
import { firstLine, type EvaluationContext, type PlanSink } from './verify-check-context.js';
import type { Evaluation } from './verify-frr.js';
import { locateFrontend, locateVip, type VerifyLocation } from './verify-locate.js';
import { tcpConnectArgv } from './verify-probe-script.js';

const DEFAULT_API_PORT = 6443;

export type ApiVipRule = { readonly rule: 'api-vip'; readonly runner: string; readonly probe: string; readonly timeoutSeconds: number };

/** A host that should reach the VIP from outside: a router on the VIP's network, else a holder. */
function apiVipRunner(vip: ModelVip, model: TopologyModel): ModelHost | undefined {
    const address = vip.address!;
    const holders = vip.holders.map((holder) => holder.host);
    const onNetwork = (host: ModelHost) =>
        host.addresses.some((entry) => (vip.network && entry.network === vip.network) || (entry.network?.prefix && prefixContains(entry.network.prefix, address)));
    if (vip.mechanism === 'kube-vip-bgp') {
        return model.sessions.find((session) => session.speaker.vips.includes(vip))?.router ?? holders[0];
    }
    return (
        model.routers.find((router) => !holders.includes(router) && onNetwork(router)) ??
        model.hosts.find((host) => !holders.includes(host) && host.kind !== 'node' && onNetwork(host)) ??
        holders[0]
    );
}

export function planApiVip(vip: ModelVip, model: TopologyModel, timeoutSeconds: number, { probe, checks }: PlanSink): void {
    const address = vip.address;
    if (!address) {
        return;
    }
    const targets: { port: number; location: VerifyLocation }[] = vip.frontends
        .filter((frontend) => frontend.cluster)
        .map((frontend) => ({ port: frontend.port, location: locateFrontend(vip, frontend) }));
    const kubeVip = (vip.mechanism === 'kube-vip-bgp' || vip.mechanism === 'kube-vip-arp') && model.speakers.some((speaker) => speaker.kind === 'kube-vip' && speaker.vips.includes(vip));
    if (kubeVip && targets.length === 0) {
        targets.push({ port: vip.healthCheck?.port ?? DEFAULT_API_PORT, location: locateVip(vip) });
    }
    const runner = targets.length > 0 ? apiVipRunner(vip, model) : undefined;
    if (!runner) {
        return;
    }
    for (const target of targets) {
        const id = probe(runner, { id: `tcp:${address.text}:${target.port}`, argv: tcpConnectArgv(address.text, target.port, timeoutSeconds) });
        checks.push({
            id: `api-vip:${vip.name}:${target.port}`,
            kind: 'api-vip',
            subject: `${address.text}:${target.port} from ${runner.name}`,
            location: target.location,
            rule: { rule: 'api-vip', runner: runner.name, probe: id, timeoutSeconds }
        });
    }
}

export function apiVipConnect(rule: ApiVipRule, context: EvaluationContext): Evaluation {
        const answer = context.answer(rule.runner, rule.probe);
        if ('missing' in answer) {
            return { status: 'unknown', message: answer.missing };
        }
        if (answer.output.code === 0) {
            return { status: 'pass', message: `TCP connect from ${rule.runner} succeeded` };
        }
        const reason = answer.output.code === 124 ? `no answer within ${rule.timeoutSeconds} s` : firstLine(answer.output.stderr);
        return { status: 'fail', message: `TCP connect from ${rule.runner} failed: ${reason}` };
}
