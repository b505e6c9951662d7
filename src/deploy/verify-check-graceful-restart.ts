/**
 * Graceful restart on a session whose row says `graceful-restart`: negotiated (both sides advertised the
 * capability), neither side in `Disable` mode, and with `restart-time` the router's and the peer's restart
 * times equal to it.
 */
import { unlessSessionHealthy, type BgpPeer } from './verify-check-bgp.js';
import { sideWords } from './verify-check-bgp-family.js';
import { PROBES, sessionPeer, sessionWords, type EvaluationContext, type PlanSink, type SessionToVerify } from './verify-check-context.js';
import type { Evaluation } from './verify-frr.js';
import { parseBgpNeighbors, type BgpNeighborStatus } from './verify-frr-neighbors.js';

export type GracefulRestartRule = { readonly rule: 'bgp-graceful-restart' } & BgpPeer & {
    readonly restartTimeSeconds?: number;
};

export function planGracefulRestart(session: SessionToVerify, { probe, checks }: PlanSink): void {
    const { row, router, location } = session;
    const gracefulRestart = row.options.gracefulRestart;
    if (!gracefulRestart) {
        return;
    }
    probe(router, PROBES.bgpSummary);
    probe(router, PROBES.bgpNeighbors);
    checks.push({
        id: `bgp-graceful-restart:${row.id}`,
        kind: 'bgp-graceful-restart',
        subject: `graceful restart on ${sessionWords(session)}`,
        location,
        rule: { rule: 'bgp-graceful-restart', ...sessionPeer(session), speakerAsn: row.remoteAs, restartTimeSeconds: gracefulRestart.restartTimeSeconds }
    });
}

/** The rule on one neighbor of `show bgp neighbors json`. */
export function evaluateGracefulRestart(neighbor: BgpNeighborStatus | undefined, peerAddress: string, restartTimeSeconds?: number): Evaluation {
    if (!neighbor) {
        return { status: 'fail', message: `show bgp neighbors has no neighbor ${peerAddress}` };
    }
    if (neighbor.gracefulRestart !== 'advertisedAndReceived') {
        return { status: 'fail', message: `graceful restart not negotiated with ${peerAddress}: ${sideWords(neighbor.gracefulRestart, 'the capability')}` };
    }
    const disabled = [
        ...(neighbor.localGrMode === 'Disable' ? ['the router'] : []),
        ...(neighbor.remoteGrMode === 'Disable' ? ['the peer'] : [])
    ];
    if (disabled.length > 0) {
        return { status: 'fail', message: `graceful restart is disabled on ${disabled.join(' and ')} (modes: router ${neighbor.localGrMode}, peer ${neighbor.remoteGrMode})` };
    }
    if (restartTimeSeconds !== undefined) {
        const wrong = [
            ...(neighbor.configuredRestartSeconds !== restartTimeSeconds ? [`the router's is ${neighbor.configuredRestartSeconds ?? 'unknown'} s`] : []),
            ...(neighbor.receivedRestartSeconds !== restartTimeSeconds ? [`the peer advertised ${neighbor.receivedRestartSeconds ?? 'nothing'} s`] : [])
        ];
        if (wrong.length > 0) {
            return { status: 'fail', message: `restart time should be ${restartTimeSeconds} s: ${wrong.join(', ')}` };
        }
    }
    const time = restartTimeSeconds !== undefined ? `, restart time ${restartTimeSeconds} s on both sides` : '';
    return { status: 'pass', message: `graceful restart negotiated (router ${neighbor.localGrMode}, peer ${neighbor.remoteGrMode}${time})` };
}

export function gracefulRestart(rule: GracefulRestartRule, context: EvaluationContext): Evaluation {
    const unhealthy = unlessSessionHealthy(rule, context);
    if (unhealthy) {
        return unhealthy;
    }
    const neighbors = context.parsed(rule.router, PROBES.bgpNeighbors.id, parseBgpNeighbors);
    return evaluateGracefulRestart(neighbors.get(rule.source!), rule.source!, rule.restartTimeSeconds);
}
