/**
 * Judges a verify plan (verify-plan.ts) against the probes' answers: each check's rule names the host
 * outputs it reads and what they must show. Pure: the answers come from a lookup, so every rule is
 * unit-tested against captured command output. A needed answer that is missing makes the check `unknown`.
 */
import { parsePrefix } from '../model/ip-address.js';
import {
    comparePrefixes,
    evaluatePrefixes,
    evaluateSession,
    evaluateVipRoute,
    parseBgpRoutes,
    parseBgpSummary,
    prefixesFromPeer,
    type Evaluation
} from './verify-frr.js';
import { haproxyServerUp, parseHaproxyStat, parseIpAddrJson, parseWgAllowedIps, parseWgHandshakes, type HaproxyStatRow } from './verify-host-state.js';
import type { CheckRule, PlannedCheck } from './verify-plan.js';
import type { ProbeOutput } from './verify-probe-script.js';
import type { VerifyCheck } from './verify-types.js';

/** A probe's answer, or why there is none (host unreachable, script cut short). */
export type ProbeAnswer = { readonly output: ProbeOutput } | { readonly missing: string };

export type ProbeLookup = (host: string, probeId: string) => ProbeAnswer;

interface EvaluationContext {
    /** The probe's stdout parsed once per (host, probe); throws a readable reason when unavailable. */
    parsed<T>(host: string, probeId: string, parse: (stdout: string) => T): T;
    answer(host: string, probeId: string): ProbeAnswer;
}

/** Raised inside an evaluation when a needed answer is missing: the check becomes `unknown`. */
class UnknownAnswer extends Error {}

const SUMMARY_PROBE = 'bgp-summary';
const ADDRESSES_PROBE = 'addr';
const HAPROXY_PROBE = 'haproxy-stat';
const NOW_PROBE = 'now';

export function evaluatePlan(plan: { readonly checks: readonly PlannedCheck[] }, lookup: ProbeLookup): VerifyCheck[] {
    const caches = new Map<(stdout: string) => unknown, Map<string, { value?: unknown; error?: Error }>>();
    const context: EvaluationContext = {
        answer: lookup,
        parsed<T>(host: string, probeId: string, parse: (stdout: string) => T): T {
            const key = `${host}\u0000${probeId}`;
            const cache = caches.get(parse) ?? new Map<string, { value?: unknown; error?: Error }>();
            caches.set(parse, cache);
            let entry = cache.get(key);
            if (!entry) {
                entry = {};
                const answer = lookup(host, probeId);
                if ('missing' in answer) {
                    entry.error = new UnknownAnswer(answer.missing);
                } else if (answer.output.code !== 0) {
                    entry.error = new UnknownAnswer(`${host}: ${probeId} failed (exit ${answer.output.code}${answer.output.code === 124 ? ', timed out' : ''}): ${firstLine(answer.output.stderr || answer.output.stdout)}`);
                } else {
                    try {
                        entry.value = parse(answer.output.stdout);
                    } catch (error) {
                        entry.error = new UnknownAnswer(`${host}: cannot read ${probeId}: ${(error as Error).message}`);
                    }
                }
                cache.set(key, entry);
            }
            if (entry.error) {
                throw entry.error;
            }
            return entry.value as T;
        }
    };
    return plan.checks.map((check) => {
        let evaluation: Evaluation;
        try {
            evaluation = evaluateRule(check.rule, context);
        } catch (error) {
            if (!(error instanceof UnknownAnswer)) {
                throw error;
            }
            evaluation = { status: 'unknown', message: error.message };
        }
        return {
            id: check.id,
            kind: check.kind,
            subject: check.subject,
            status: evaluation.status,
            message: evaluation.message,
            element: check.location.element,
            line: check.location.line,
            ...(check.location.range ? { range: check.location.range } : {})
        };
    });
}

function evaluateRule(rule: CheckRule, context: EvaluationContext): Evaluation {
    switch (rule.rule) {
        case 'bgp-session':
            return sessionHealth(rule, context);
        case 'bgp-prefixes': {
            const health = sessionHealth(rule, context);
            if (health.status !== 'pass' || !rule.source) {
                return { status: 'unknown', message: 'not evaluated: the session is not healthy' };
            }
            const received = rule.routeProbes.flatMap((id) => prefixesFromPeer(context.parsed(rule.router, id, parseBgpRoutes), rule.source!));
            const announcements = rule.announcements.map((entry) => ({ prefix: parsePrefix(entry.prefix)!, exact: entry.exact }));
            return evaluatePrefixes(comparePrefixes(received, announcements), received);
        }
        case 'vip-holders':
            return vipHolders(rule, context);
        case 'vip-route':
            return evaluateVipRoute(context.parsed(rule.router, rule.probe, parseBgpRoutes), parsePrefix(rule.prefix)!, rule.expectedPeers);
        case 'haproxy-backend':
            return haproxyBackend(rule, context);
        case 'api-vip': {
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
        case 'wireguard-handshake':
            return wireguardHandshakes(rule, context);
    }
}

function firstLine(text: string): string {
    return text.trim().split('\n')[0]?.slice(0, 200) || 'no output';
}

function sessionHealth(rule: Extract<CheckRule, { rule: 'bgp-session' | 'bgp-prefixes' }>, context: EvaluationContext): Evaluation {
    if (!rule.source) {
        return { status: 'unknown', message: `node ${rule.node} has no source address for this session` };
    }
    return evaluateSession(context.parsed(rule.router, SUMMARY_PROBE, parseBgpSummary).get(rule.source), rule.source, rule.speakerAsn);
}

function vipHolders(rule: Extract<CheckRule, { rule: 'vip-holders' }>, context: EvaluationContext): Evaluation {
    const having: string[] = [];
    const unknown: string[] = [];
    for (const host of rule.holders) {
        try {
            if (context.parsed(host, ADDRESSES_PROBE, parseIpAddrJson).has(rule.address)) {
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

function isServerRow(row: HaproxyStatRow): boolean {
    return row.server !== 'FRONTEND' && row.server !== 'BACKEND';
}

function haproxyBackend(rule: Extract<CheckRule, { rule: 'haproxy-backend' }>, context: EvaluationContext): Evaluation {
    const rows = context.parsed(rule.host, HAPROXY_PROBE, parseHaproxyStat);
    const problems: string[] = [];
    const up: string[] = [];
    for (const { node, endpoint } of rule.servers) {
        const matches = rows.filter((row) => isServerRow(row) && (row.address === endpoint || (row.address === '' && row.server === node)));
        if (matches.length === 0) {
            problems.push(`${node} (${endpoint}) is not a server of any backend`);
        } else if (!matches.every(haproxyServerUp)) {
            const row = matches.find((candidate) => !haproxyServerUp(candidate))!;
            problems.push(`${node} (${endpoint}) is ${row.status || 'unknown'}${row.checkStatus ? ` (check ${row.checkStatus}${row.lastCheck ? `: ${row.lastCheck}` : ''})` : ''}`);
        } else {
            up.push(node);
        }
    }
    if (rule.servers.length === 0) {
        return { status: 'fail', message: `cluster ${rule.cluster} has no control-plane node with an address` };
    }
    return problems.length > 0 ? { status: 'fail', message: problems.join('; ') } : { status: 'pass', message: `all servers UP: ${up.join(', ')}` };
}

function parseEpoch(stdout: string): number {
    const value = Number(stdout.trim());
    if (!Number.isInteger(value) || value <= 0) {
        throw new Error(`not an epoch: ${stdout.trim().slice(0, 40)}`);
    }
    return value;
}

function wireguardHandshakes(rule: Extract<CheckRule, { rule: 'wireguard-handshake' }>, context: EvaluationContext): Evaluation {
    const now = context.parsed(rule.host, NOW_PROBE, parseEpoch);
    const times = context.parsed(rule.host, rule.handshakesProbe, parseWgHandshakes);
    const ips = context.parsed(rule.host, rule.allowedIpsProbe, parseWgAllowedIps);
    const problems: string[] = [];
    let oldest = 0;
    for (const peer of rule.peers) {
        const key = [...ips].find(([, prefixes]) => prefixes.includes(peer.allowedIp))?.[0];
        const epoch = key === undefined ? undefined : times.get(key);
        if (key === undefined || epoch === undefined) {
            problems.push(`${peer.host}: no peer with AllowedIPs ${peer.allowedIp}`);
        } else if (epoch === 0) {
            problems.push(`${peer.host}: no handshake yet`);
        } else if (now - epoch > rule.maxAgeSeconds) {
            problems.push(`${peer.host}: last handshake ${now - epoch} s ago (bound ${rule.maxAgeSeconds} s)`);
        } else {
            oldest = Math.max(oldest, now - epoch);
        }
    }
    if (problems.length > 0) {
        return { status: 'fail', message: problems.join('; ') };
    }
    return { status: 'pass', message: rule.peers.length > 0 ? `${rule.peers.length} peers, oldest handshake ${oldest} s ago` : 'no peers' };
}
