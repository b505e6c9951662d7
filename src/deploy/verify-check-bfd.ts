/**
 * BFD on a session whose row says `bfd`: the router has a BFD session with the node's source address, it is
 * up, and with a profile the timers it set are the router's own and the ones the node sends (`show bfd peers
 * json` lists both). Judged whether or not BGP is up: BFD is what notices a dead peer first.
 */
import { PROBES, sessionPeer, sessionWords, type EvaluationContext, type PlanSink, type SessionPeer, type SessionToVerify } from './verify-check-context.js';
import { parseBfdPeers, type BfdPeerStatus, type BfdTimers } from './verify-frr-bfd.js';
import type { Evaluation } from './verify-frr.js';

export type BfdRule = { readonly rule: 'bfd' } & SessionPeer & {
    /** The router's address on the session (BFD's local address). */
    readonly local?: string;
    /** The profile's timers; none set = the consumers' defaults, not judged. */
    readonly timers: BfdTimers;
};

export function planBfd(session: SessionToVerify, { probe, checks }: PlanSink): void {
    const { row, router, location } = session;
    const bfd = row.options.bfd;
    if (!bfd) {
        return;
    }
    probe(router, PROBES.bfdPeers);
    checks.push({
        id: `bfd:${row.id}`,
        kind: 'bfd',
        subject: `BFD on ${sessionWords(session)}`,
        location,
        rule: { rule: 'bfd', ...sessionPeer(session), local: row.routerAddress, timers: { receiveMs: bfd.receiveMs, transmitMs: bfd.transmitMs, multiplier: bfd.multiplier } }
    });
}

function timerDifferences(side: string, actual: BfdTimers, wanted: BfdTimers): string[] {
    const names: [keyof BfdTimers, string, string][] = [
        ['receiveMs', 'receive', ' ms'],
        ['transmitMs', 'transmit', ' ms'],
        ['multiplier', 'multiplier', '']
    ];
    return names.flatMap(([key, name, unit]) =>
        wanted[key] !== undefined && actual[key] !== wanted[key] ? [`${side} ${name} ${actual[key] ?? 'unknown'}${unit}, not ${wanted[key]}${unit}`] : []
    );
}

/** The rule on the router's BFD sessions. */
export function evaluateBfd(peers: readonly BfdPeerStatus[], peerAddress: string, local: string | undefined, timers: BfdTimers): Evaluation {
    const candidates = peers.filter((entry) => entry.peer === peerAddress);
    const peer = candidates.find((entry) => !local || !entry.local || entry.local === local) ?? candidates[0];
    if (!peer) {
        return { status: 'fail', message: `the router has no BFD session with ${peerAddress}` };
    }
    if (peer.status !== 'up') {
        return { status: 'fail', message: `BFD with ${peerAddress} is ${peer.status}` };
    }
    const wrong = [...timerDifferences('router', peer.timers, timers), ...timerDifferences('peer', peer.remoteTimers, timers)];
    if (wrong.length > 0) {
        return { status: 'fail', message: `BFD with ${peerAddress} is up, but the profile's timers differ: ${wrong.join('; ')}` };
    }
    const { receiveMs, transmitMs, multiplier } = peer.timers;
    return { status: 'pass', message: `BFD up (receive ${receiveMs} ms, transmit ${transmitMs} ms, multiplier ${multiplier})` };
}

export function bfdSession(rule: BfdRule, context: EvaluationContext): Evaluation {
    if (!rule.source) {
        return { status: 'unknown', message: `node ${rule.node} has no source address for this session` };
    }
    return evaluateBfd(context.parsed(rule.router, PROBES.bfdPeers.id, parseBfdPeers), rule.source, rule.local, rule.timers);
}
