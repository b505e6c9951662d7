/**
 * What to ask each host and how to judge the answers: `planVerify` turns the model into read-only probes
 * per host plus one planned check per expectation, as plain data (a rule per check, no closures, no AST
 * nodes), so the plan can be computed where the document is parsed and sent as JSON; `evaluatePlan`
 * (verify-evaluate.ts) judges the probe outputs. Both are pure (no SSH), so the rules are unit-tested
 * against real command output.
 */
import type { BgpSession, ModelHost, ModelVip, ModelWireGuard, TopologyModel } from '../model/index.js';
import { hostPort, hostPrefix, prefixContains } from '../model/ip-address.js';
import { hostTarget, type HostTarget } from './host-target.js';
import { locateFrontend, locateSession, locateVip, locateWireguardMember, type VerifyLocation } from './verify-locate.js';
import { statsSocketArgv, tcpConnectArgv, type Probe } from './verify-probe-script.js';
import { DEFAULT_VERIFY_OPTIONS, type VerifyCheckKind, type VerifyOptions } from './verify-types.js';

export { evaluatePlan, type ProbeAnswer, type ProbeLookup } from './verify-evaluate.js';

export const HAPROXY_STATS_SOCKET = '/run/haproxy/admin.sock';
const DEFAULT_API_PORT = 6443;

/** How one check is judged: the data its evaluator (verify-evaluate.ts) needs, by rule. */
export type CheckRule =
    | {
          readonly rule: 'bgp-session';
          readonly router: string;
          readonly node: string;
          /** The node's source address the router must have Established; undefined when the node has none. */
          readonly source?: string;
          readonly speakerAsn?: number;
      }
    | {
          readonly rule: 'bgp-prefixes';
          readonly router: string;
          readonly node: string;
          readonly source?: string;
          readonly speakerAsn?: number;
          /** Probes of the router's BGP tables (IPv4, and IPv6 when needed). */
          readonly routeProbes: readonly string[];
          /** Prefixes the speaker may announce; `exact` = exactly this one, else anything inside it. */
          readonly announcements: readonly { readonly prefix: string; readonly exact: boolean }[];
      }
    | { readonly rule: 'vip-holders'; readonly address: string; readonly holders: readonly string[] }
    | { readonly rule: 'vip-route'; readonly router: string; readonly probe: string; readonly prefix: string; readonly expectedPeers: readonly string[] }
    | {
          readonly rule: 'haproxy-backend';
          readonly host: string;
          readonly cluster: string;
          readonly servers: readonly { readonly node: string; readonly endpoint: string }[];
      }
    | { readonly rule: 'api-vip'; readonly runner: string; readonly probe: string; readonly timeoutSeconds: number }
    | {
          readonly rule: 'wireguard-handshake';
          readonly host: string;
          readonly handshakesProbe: string;
          readonly allowedIpsProbe: string;
          /** The other members and the host route (/32, /128) each must be the peer for. */
          readonly peers: readonly { readonly host: string; readonly allowedIp: string }[];
          readonly maxAgeSeconds: number;
      };

export interface PlannedCheck {
    readonly id: string;
    readonly kind: VerifyCheckKind;
    readonly subject: string;
    readonly location: VerifyLocation;
    readonly rule: CheckRule;
}

export interface VerifyPlan {
    /** Probes per host name, in a stable order. */
    readonly probes: Map<string, Probe[]>;
    readonly hosts: Map<string, HostTarget>;
    readonly checks: PlannedCheck[];
}

export const PROBES = {
    bgpSummary: { id: 'bgp-summary', argv: ['vtysh', '-c', 'show bgp summary json'] },
    bgpIpv4: { id: 'bgp-ipv4', argv: ['vtysh', '-c', 'show bgp ipv4 unicast json'] },
    bgpIpv6: { id: 'bgp-ipv6', argv: ['vtysh', '-c', 'show bgp ipv6 unicast json'] },
    addresses: { id: 'addr', argv: ['ip', '-j', 'addr', 'show'] },
    haproxyStat: { id: 'haproxy-stat', argv: statsSocketArgv(HAPROXY_STATS_SOCKET, 'show stat') },
    now: { id: 'now', argv: ['date', '+%s'] }
} as const satisfies Record<string, Probe>;

type ProbeAdder = (host: ModelHost, probe: Probe) => string;

export function planVerify(model: TopologyModel, options: VerifyOptions = {}): VerifyPlan {
    const settings = { ...DEFAULT_VERIFY_OPTIONS, ...options };
    const probes = new Map<string, Map<string, Probe>>();
    const hosts = new Map<string, HostTarget>();
    const checks: PlannedCheck[] = [];
    const kinds = options.kinds ? new Set(options.kinds) : undefined;
    const want = (kind: VerifyCheckKind) => !kinds || kinds.has(kind);
    const probe: ProbeAdder = (host, entry) => {
        hosts.set(host.name, hostTarget(host));
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

// ------------------------------------------------------------------------------------------------ BGP

function sessionSubject(session: BgpSession): string {
    const addresses = session.source ? ` ${session.source.address.text} -> ${session.destination?.address.text ?? '?'}` : '';
    return `session ${session.node.name} -> ${session.router.name} (${session.speaker.kind},${addresses})`;
}

function planSession(session: BgpSession, want: (kind: VerifyCheckKind) => boolean, probe: ProbeAdder, checks: PlannedCheck[]): void {
    const router = session.router;
    const location = locateSession(session);
    const source = session.source?.address;
    probe(router, PROBES.bgpSummary);
    const family = source?.family ?? 4;
    const routesProbe = family === 6 || session.announcements.some((a) => a.prefix.family === 6) ? [PROBES.bgpIpv4, PROBES.bgpIpv6] : [PROBES.bgpIpv4];
    const peer = { router: router.name, node: session.node.name, source: source?.text, speakerAsn: session.speakerAsn };
    if (want('bgp-session')) {
        checks.push({ id: `bgp-session:${session.id}`, kind: 'bgp-session', subject: sessionSubject(session), location, rule: { rule: 'bgp-session', ...peer } });
    }
    if (want('bgp-prefixes')) {
        const routeProbes = routesProbe.map((entry) => probe(router, entry));
        checks.push({
            id: `bgp-prefixes:${session.id}`,
            kind: 'bgp-prefixes',
            subject: `prefixes from ${session.node.name} on ${router.name} (${session.speaker.kind})`,
            location,
            rule: {
                rule: 'bgp-prefixes',
                ...peer,
                routeProbes,
                announcements: session.announcements.map((announcement) => ({ prefix: announcement.prefix.text, exact: announcement.exact }))
            }
        });
    }
}

// ------------------------------------------------------------------------------------------------ VIPs

function planVipHolders(vip: ModelVip, model: TopologyModel, probe: ProbeAdder, checks: PlannedCheck[]): void {
    const address = vip.address;
    if (!address) {
        return;
    }
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
        location: locateVip(vip),
        rule: { rule: 'vip-holders', address: address.text, holders: holders.map((host) => host.name) }
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
            .flatMap((node) => (node.addresses[0] ? [{ node: node.name, endpoint: hostPort(node.addresses[0].address.text, frontend.targetPort) }] : []));
        for (const host of holders) {
            probe(host, PROBES.haproxyStat);
            checks.push({
                id: `haproxy-backend:${vip.name}:${frontend.port}@${host.name}`,
                kind: 'haproxy-backend',
                subject: `haproxy on ${host.name}: frontend ${frontend.port} -> control-plane of ${cluster.name} port ${frontend.targetPort}`,
                location: locateFrontend(vip, frontend),
                rule: { rule: 'haproxy-backend', host: host.name, cluster: cluster.name, servers }
            });
        }
    }
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
            rule: { rule: 'api-vip', runner: runner.name, probe: id, timeoutSeconds }
        });
    }
}

// ------------------------------------------------------------------------------------------------ WireGuard

function planWireguard(wireguard: ModelWireGuard, maxAgeSeconds: number, probe: ProbeAdder, checks: PlannedCheck[]): void {
    const members = wireguard.members.filter((member) => member.address);
    const handshakes: Probe = { id: `wg-handshakes:${wireguard.name}`, argv: ['wg', 'show', wireguard.name, 'latest-handshakes'] };
    const allowed: Probe = { id: `wg-allowed-ips:${wireguard.name}`, argv: ['wg', 'show', wireguard.name, 'allowed-ips'] };
    for (const member of wireguard.members) {
        const host = member.host;
        probe(host, handshakes);
        probe(host, allowed);
        probe(host, PROBES.now);
        const peers = members.filter((other) => other.host !== host).map((peer) => ({ host: peer.host.name, allowedIp: hostPrefix(peer.address!.address).text }));
        checks.push({
            id: `wireguard-handshake:${wireguard.name}@${host.name}`,
            kind: 'wireguard-handshake',
            subject: `${wireguard.name} on ${host.name}`,
            location: locateWireguardMember(wireguard, host),
            rule: { rule: 'wireguard-handshake', host: host.name, handshakesProbe: handshakes.id, allowedIpsProbe: allowed.id, peers, maxAgeSeconds }
        });
    }
}
