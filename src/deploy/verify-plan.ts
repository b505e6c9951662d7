/**
 * What to ask each host and how to judge the answers: `planVerify` turns the model into read-only probes
 * per host plus one planned check per expectation; `evaluatePlan` judges the probe outputs. Both are pure
 * (no SSH), so the rules are unit-tested against real command output.
 */
import type { BgpSession, ModelHost, ModelVip, ModelWireGuard, TopologyModel } from '../model/index.js';
import { hostPort, hostPrefix, prefixContains } from '../model/ip-address.js';
import {
    comparePrefixes,
    evaluatePrefixes,
    evaluateSession,
    evaluateVipRoute,
    parseBgpRoutes,
    parseBgpSummary,
    prefixesFromPeer,
    type BgpPeerStatus,
    type BgpRoutePath,
    type Evaluation
} from './verify-frr.js';
import { haproxyServerUp, parseHaproxyStat, parseIpAddrJson, parseWgAllowedIps, parseWgHandshakes, type HaproxyStatRow } from './verify-host-state.js';
import { locateFrontend, locateSession, locateVip, locateWireguardMember, type VerifyLocation } from './verify-locate.js';
import { statsSocketArgv, tcpConnectArgv, type Probe, type ProbeOutput } from './verify-probe-script.js';
import { DEFAULT_VERIFY_OPTIONS, type VerifyCheck, type VerifyCheckKind, type VerifyOptions } from './verify-types.js';

export const HAPROXY_STATS_SOCKET = '/run/haproxy/admin.sock';
const DEFAULT_API_PORT = 6443;

/** A probe's answer, or why there is none (host unreachable, script cut short). */
export type ProbeAnswer = { readonly output: ProbeOutput } | { readonly missing: string };

export type ProbeLookup = (host: string, probeId: string) => ProbeAnswer;

interface EvaluationContext {
    /** The probe's stdout parsed once per (host, probe); throws a readable reason when unavailable. */
    parsed<T>(host: string, probeId: string, parse: (stdout: string) => T): T;
    answer(host: string, probeId: string): ProbeAnswer;
}

export interface PlannedCheck {
    readonly id: string;
    readonly kind: VerifyCheckKind;
    readonly subject: string;
    readonly location: VerifyLocation;
    readonly evaluate: (context: EvaluationContext) => Evaluation;
}

export interface VerifyPlan {
    /** Probes per host name, in a stable order. */
    readonly probes: Map<string, Probe[]>;
    readonly hosts: Map<string, ModelHost>;
    readonly checks: PlannedCheck[];
}

/** Raised inside an evaluation when a needed answer is missing: the check becomes `unknown`. */
class UnknownAnswer extends Error {}

export const PROBES = {
    bgpSummary: { id: 'bgp-summary', argv: ['vtysh', '-c', 'show bgp summary json'] },
    bgpIpv4: { id: 'bgp-ipv4', argv: ['vtysh', '-c', 'show bgp ipv4 unicast json'] },
    bgpIpv6: { id: 'bgp-ipv6', argv: ['vtysh', '-c', 'show bgp ipv6 unicast json'] },
    addresses: { id: 'addr', argv: ['ip', '-j', 'addr', 'show'] },
    haproxyStat: { id: 'haproxy-stat', argv: statsSocketArgv(HAPROXY_STATS_SOCKET, 'show stat') },
    now: { id: 'now', argv: ['date', '+%s'] }
} as const satisfies Record<string, Probe>;

export function planVerify(model: TopologyModel, options: VerifyOptions = {}): VerifyPlan {
    const settings = { ...DEFAULT_VERIFY_OPTIONS, ...options };
    const probes = new Map<string, Map<string, Probe>>();
    const hosts = new Map<string, ModelHost>();
    const checks: PlannedCheck[] = [];
    const kinds = options.kinds ? new Set(options.kinds) : undefined;
    const want = (kind: VerifyCheckKind) => !kinds || kinds.has(kind);
    const probe = (host: ModelHost, entry: Probe): string => {
        hosts.set(host.name, host);
        const list = probes.get(host.name) ?? new Map<string, Probe>();
        list.set(entry.id, entry);
        probes.set(host.name, list);
        return entry.id;
    };

    for (const session of model.sessions) {
        planSession(session, want, probe, checks);
    }
    for (const vip of model.vips) {
        if (want('vip')) {
            planVipHolders(vip, model, probe, checks);
        }
        if (want('haproxy-backend')) {
            planHaproxy(vip, probe, checks);
        }
        if (want('api-vip')) {
            planApiVip(vip, model, settings.tcpTimeoutSeconds, probe, checks);
        }
    }
    if (want('wireguard-handshake')) {
        for (const wireguard of model.wireguards) {
            planWireguard(wireguard, settings.handshakeMaxAgeSeconds, probe, checks);
        }
    }
    return { probes: new Map([...probes].map(([host, list]) => [host, [...list.values()]])), hosts, checks };
}

export function evaluatePlan(plan: VerifyPlan, lookup: ProbeLookup): VerifyCheck[] {
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
            evaluation = check.evaluate(context);
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

function firstLine(text: string): string {
    return text.trim().split('\n')[0]?.slice(0, 200) || 'no output';
}

type ProbeAdder = (host: ModelHost, probe: Probe) => string;

// ------------------------------------------------------------------------------------------------ BGP

function bgpSummary(stdout: string): Map<string, BgpPeerStatus> {
    return parseBgpSummary(stdout);
}

function bgpRoutes(stdout: string): Map<string, BgpRoutePath[]> {
    return parseBgpRoutes(stdout);
}

function sessionSubject(session: BgpSession): string {
    const addresses = session.source ? ` ${session.source.address.text} -> ${session.destination?.address.text ?? '?'}` : '';
    return `session ${session.node.name} -> ${session.router.name} (${session.speaker.kind},${addresses})`;
}

function planSession(session: BgpSession, want: (kind: VerifyCheckKind) => boolean, probe: ProbeAdder, checks: PlannedCheck[]): void {
    const router = session.router;
    const location = locateSession(session);
    const subject = sessionSubject(session);
    const source = session.source?.address;
    const summary = probe(router, PROBES.bgpSummary);
    const family = source?.family ?? 4;
    const routesProbe = family === 6 || session.announcements.some((a) => a.prefix.family === 6) ? [PROBES.bgpIpv4, PROBES.bgpIpv6] : [PROBES.bgpIpv4];
    const sessionEvaluation = (context: EvaluationContext): Evaluation => {
        if (!source) {
            return { status: 'unknown', message: `node ${session.node.name} has no source address for this session` };
        }
        return evaluateSession(context.parsed(router.name, summary, bgpSummary).get(source.text), source.text, session.speakerAsn);
    };
    if (want('bgp-session')) {
        checks.push({ id: `bgp-session:${session.id}`, kind: 'bgp-session', subject, location, evaluate: sessionEvaluation });
    }
    if (want('bgp-prefixes')) {
        const ids = routesProbe.map((entry) => probe(router, entry));
        checks.push({
            id: `bgp-prefixes:${session.id}`,
            kind: 'bgp-prefixes',
            subject: `prefixes from ${session.node.name} on ${router.name} (${session.speaker.kind})`,
            location,
            evaluate: (context) => {
                const health = sessionEvaluation(context);
                if (health.status !== 'pass' || !source) {
                    return { status: 'unknown', message: 'not evaluated: the session is not healthy' };
                }
                const received = ids.flatMap((id) => prefixesFromPeer(context.parsed(router.name, id, bgpRoutes), source.text));
                return evaluatePrefixes(comparePrefixes(received, session.announcements), received);
            }
        });
    }
}

// ------------------------------------------------------------------------------------------------ VIPs

function holderNames(hosts: readonly ModelHost[]): string {
    return hosts.map((host) => host.name).join(' and ');
}

function planVipHolders(vip: ModelVip, model: TopologyModel, probe: ProbeAdder, checks: PlannedCheck[]): void {
    const address = vip.address;
    if (!address) {
        return;
    }
    const location = locateVip(vip);
    if (vip.mechanism === 'kube-vip-bgp') {
        planKubeVipRoutes(vip, model, probe, checks);
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
        location,
        evaluate: (context) => {
            const having: ModelHost[] = [];
            const unknown: string[] = [];
            for (const host of holders) {
                try {
                    if (context.parsed(host.name, PROBES.addresses.id, parseIpAddrJson).has(address.text)) {
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
                return { status: 'fail', message: `split brain: ${address.text} is on ${holderNames(having)} at once` };
            }
            if (unknown.length > 0) {
                return { status: 'unknown', message: `${having.length === 1 ? `on ${having[0].name}; ` : ''}cannot tell for every holder: ${unknown.join('; ')}` };
            }
            if (having.length === 0) {
                return { status: 'fail', message: `${address.text} is down: no holder has it (holders ${holderNames(holders)})` };
            }
            return { status: 'pass', message: `on ${having[0].name} only` };
        }
    });
}

/** kube-vip BGP: every router the announcing speakers peer with routes the /32 via exactly those nodes. */
function planKubeVipRoutes(vip: ModelVip, model: TopologyModel, probe: ProbeAdder, checks: PlannedCheck[]): void {
    const address = vip.address!;
    const holderNodes = new Set(vip.holders.map((holder) => holder.host));
    const sessions = model.sessions.filter(
        (session) => session.speaker.vips.includes(vip) && (holderNodes.size === 0 || holderNodes.has(session.node)) && session.source
    );
    const routers = [...new Set(sessions.map((session) => session.router))];
    const prefix = hostPrefix(address);
    for (const router of routers) {
        const id = probe(router, address.family === 4 ? PROBES.bgpIpv4 : PROBES.bgpIpv6);
        const expected = sessions.filter((session) => session.router === router).map((session) => session.source!.address.text);
        checks.push({
            id: `vip:${vip.name}@${router.name}`,
            kind: 'vip',
            subject: `vip ${vip.name} ${prefix.text} on ${router.name} (kube-vip bgp)`,
            location: locateVip(vip),
            evaluate: (context) => evaluateVipRoute(context.parsed(router.name, id, bgpRoutes), prefix, expected)
        });
    }
}

// ------------------------------------------------------------------------------------------------ HAProxy

function planHaproxy(vip: ModelVip, probe: ProbeAdder, checks: PlannedCheck[]): void {
    if (vip.frontends.length === 0) {
        return;
    }
    const holders = [...new Set(vip.holders.map((holder) => holder.host))];
    for (const frontend of vip.frontends) {
        const cluster = frontend.cluster;
        if (!cluster) {
            continue;
        }
        const servers = cluster.nodes
            .filter((node) => node.role === 'control-plane')
            .map((node) => ({ node, address: node.addresses[0]?.address }))
            .filter((entry) => entry.address !== undefined);
        for (const host of holders) {
            probe(host, PROBES.haproxyStat);
            checks.push({
                id: `haproxy-backend:${vip.name}:${frontend.port}@${host.name}`,
                kind: 'haproxy-backend',
                subject: `haproxy on ${host.name}: frontend ${frontend.port} -> control-plane of ${cluster.name} port ${frontend.targetPort}`,
                location: locateFrontend(vip, frontend),
                evaluate: (context) => {
                    const rows = context.parsed(host.name, PROBES.haproxyStat.id, parseHaproxyStat);
                    const problems: string[] = [];
                    const up: string[] = [];
                    for (const { node, address } of servers) {
                        const endpoint = hostPort(address!.text, frontend.targetPort);
                        const matches = rows.filter((row: HaproxyStatRow) => isServerRow(row) && (row.address === endpoint || (row.address === '' && row.server === node.name)));
                        if (matches.length === 0) {
                            problems.push(`${node.name} (${endpoint}) is not a server of any backend`);
                        } else if (!matches.every(haproxyServerUp)) {
                            const row = matches.find((candidate) => !haproxyServerUp(candidate))!;
                            problems.push(`${node.name} (${endpoint}) is ${row.status || 'unknown'}${row.checkStatus ? ` (check ${row.checkStatus}${row.lastCheck ? `: ${row.lastCheck}` : ''})` : ''}`);
                        } else {
                            up.push(node.name);
                        }
                    }
                    if (servers.length === 0) {
                        return { status: 'fail', message: `cluster ${cluster.name} has no control-plane node with an address` };
                    }
                    return problems.length > 0 ? { status: 'fail', message: problems.join('; ') } : { status: 'pass', message: `all servers UP: ${up.join(', ')}` };
                }
            });
        }
    }
}

function isServerRow(row: HaproxyStatRow): boolean {
    return row.server !== 'FRONTEND' && row.server !== 'BACKEND';
}

// ------------------------------------------------------------------------------------------------ API VIP

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

function planApiVip(vip: ModelVip, model: TopologyModel, timeoutSeconds: number, probe: ProbeAdder, checks: PlannedCheck[]): void {
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
            evaluate: (context) => {
                const answer = context.answer(runner.name, id);
                if ('missing' in answer) {
                    return { status: 'unknown', message: answer.missing };
                }
                if (answer.output.code === 0) {
                    return { status: 'pass', message: `TCP connect from ${runner.name} succeeded` };
                }
                const reason = answer.output.code === 124 ? `no answer within ${timeoutSeconds} s` : firstLine(answer.output.stderr);
                return { status: 'fail', message: `TCP connect from ${runner.name} failed: ${reason}` };
            }
        });
    }
}

// ------------------------------------------------------------------------------------------------ WireGuard

function parseEpoch(stdout: string): number {
    const value = Number(stdout.trim());
    if (!Number.isInteger(value) || value <= 0) {
        throw new Error(`not an epoch: ${stdout.trim().slice(0, 40)}`);
    }
    return value;
}

function planWireguard(wireguard: ModelWireGuard, maxAgeSeconds: number, probe: ProbeAdder, checks: PlannedCheck[]): void {
    const members = wireguard.members.filter((member) => member.address);
    const handshakes: Probe = { id: `wg-handshakes:${wireguard.name}`, argv: ['wg', 'show', wireguard.name, 'latest-handshakes'] };
    const allowed: Probe = { id: `wg-allowed-ips:${wireguard.name}`, argv: ['wg', 'show', wireguard.name, 'allowed-ips'] };
    for (const member of wireguard.members) {
        const host = member.host;
        probe(host, handshakes);
        probe(host, allowed);
        probe(host, PROBES.now);
        const peers = members.filter((other) => other.host !== host);
        checks.push({
            id: `wireguard-handshake:${wireguard.name}@${host.name}`,
            kind: 'wireguard-handshake',
            subject: `${wireguard.name} on ${host.name}`,
            location: locateWireguardMember(wireguard, host),
            evaluate: (context) => {
                const now = context.parsed(host.name, PROBES.now.id, parseEpoch);
                const times = context.parsed(host.name, handshakes.id, parseWgHandshakes);
                const ips = context.parsed(host.name, allowed.id, parseWgAllowedIps);
                const problems: string[] = [];
                let oldest = 0;
                for (const peer of peers) {
                    const own = hostPrefix(peer.address!.address).text;
                    const key = [...ips].find(([, prefixes]) => prefixes.includes(own))?.[0];
                    const epoch = key === undefined ? undefined : times.get(key);
                    if (key === undefined || epoch === undefined) {
                        problems.push(`${peer.host.name}: no peer with AllowedIPs ${own}`);
                    } else if (epoch === 0) {
                        problems.push(`${peer.host.name}: no handshake yet`);
                    } else if (now - epoch > maxAgeSeconds) {
                        problems.push(`${peer.host.name}: last handshake ${now - epoch} s ago (bound ${maxAgeSeconds} s)`);
                    } else {
                        oldest = Math.max(oldest, now - epoch);
                    }
                }
                if (problems.length > 0) {
                    return { status: 'fail', message: problems.join('; ') };
                }
                return { status: 'pass', message: peers.length > 0 ? `${peers.length} peers, oldest handshake ${oldest} s ago` : 'no peers' };
            }
        });
    }
}
