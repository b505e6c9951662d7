/**
 * Graceful restart on a session whose row says `graceful-restart`: negotiated (both sides advertised the
 * capability), neither side in `Disable` mode, the router itself in `Restart` mode (in `Helper` mode it only keeps
 * the peer's routes while the peer restarts, and restarts without keeping its own — FRR 8.4 falls back to it when
 * a peer-group's setting does not reach its neighbors), and with `restart-time` the restart time the node's speaker
 * advertised equal to it (the time the router keeps the node's routes while the speaker restarts; the router's own
 * restart time is its own, FRR's `bgp graceful-restart restart-time`).
 */
import { unlessSessionHealthy, type BgpPeer } from './verify-check-bgp.js';
import { PROBES, sessionPeer, sessionWords, type EvaluationContext, type PlanSink, type SessionToVerify } from './verify-check-context.js';
import type { Evaluation } from './verify-frr.js';
import { parseBgpNeighbors, sideWords, type BgpNeighborStatus } from './verify-frr-neighbors.js';

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
    if (!neighbor.localGrMode?.startsWith('Restart')) {
        return {
            status: 'fail',
            message: `the router is in ${neighbor.localGrMode ?? 'no'} mode towards ${peerAddress}, not Restart: it would not keep forwarding across its own restart`
        };
    }
    if (restartTimeSeconds !== undefined && neighbor.receivedRestartSeconds !== restartTimeSeconds) {
        return { status: 'fail', message: `the peer advertised a restart time of ${neighbor.receivedRestartSeconds ?? 'nothing'} s, not ${restartTimeSeconds} s` };
    }
    const time = restartTimeSeconds !== undefined ? `, the peer's restart time ${restartTimeSeconds} s` : '';
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
