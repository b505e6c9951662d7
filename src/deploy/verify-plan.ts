/**
 * What to ask each host and how to judge the answers: `planVerify` turns the model into read-only probes
 * per host plus one planned check per expectation, as plain data (a rule per check, no closures, no AST
 * nodes), so the plan can be computed where the document is parsed and sent as JSON; `evaluatePlan`
 * (verify-evaluate.ts) judges the probe outputs. Each check kind, its rule, planner and evaluator, is one
 * verify-check-*.ts file. All pure (no SSH), so the rules are unit-tested against real command output.
 */
import { announcementMatch, type ModelHost, type ModelRouter, type RouterSession, type TopologyModel } from '../model/index.js';
import { sessionTable, type SessionRow } from '../model/session-table.js';
import { hostTarget, type HostTarget } from './host-target.js';
import { planApiVip, type ApiVipRule } from './verify-check-api-vip.js';
import { planBfd, type BfdRule } from './verify-check-bfd.js';
import { planAttributes, type BgpAttributesRule } from './verify-check-announce.js';
import { planRefused, speakerNeighbors, type BgpRefusedRule } from './verify-check-refused.js';
import { planSession, type BehindOf, type BgpPrefixesRule, type BgpSessionRule } from './verify-check-bgp.js';
import { fabricPools, speakersBehind } from './verify-check-router-prefixes.js';
import { planSessionFamilies, type BgpFamilyRule } from './verify-check-bgp-family.js';
import { planCalicoNodeAsns, type CalicoNodeAsnRule } from './verify-check-calico.js';
import { planNodeLabels, type NodeLabelsRule } from './verify-check-node-labels.js';
import type { PlanSink, ProbeAdder } from './verify-check-context.js';
import { planGracefulRestart, type GracefulRestartRule } from './verify-check-graceful-restart.js';
import { planHaproxy, type HaproxyBackendRule } from './verify-check-haproxy.js';
import { planVipHolders, type VipHoldersRule, type VipRouteRule } from './verify-check-vip.js';
import { planUpstreamRoutes, type UpstreamRoutesRule } from './verify-check-upstream-routes.js';
import { planWireguard, type WireguardHandshakeRule } from './verify-check-wireguard.js';
import { locateRouterLine, locateSession, type VerifyLocation } from './verify-locate.js';
import type { Probe } from './verify-probe-script.js';
import { DEFAULT_VERIFY_OPTIONS, type VerifyCheckKind, type VerifyOptions } from './verify-types.js';

export { evaluatePlan } from './verify-evaluate.js';
export { HAPROXY_STATS_SOCKET, PROBES, type ProbeAnswer, type ProbeLookup } from './verify-check-context.js';

/** How one check is judged: the data its evaluator needs, by rule (each defined with its check kind). */
export type CheckRule =
    | BgpSessionRule
    | BgpPrefixesRule
    | BgpAttributesRule
    | BgpRefusedRule
    | BgpFamilyRule
    | GracefulRestartRule
    | BfdRule
    | VipHoldersRule
    | VipRouteRule
    | HaproxyBackendRule
    | ApiVipRule
    | WireguardHandshakeRule
    | CalicoNodeAsnRule
    | NodeLabelsRule
    | UpstreamRoutesRule;

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

export function planVerify(model: TopologyModel, options: VerifyOptions = {}): VerifyPlan {
    const settings = { ...DEFAULT_VERIFY_OPTIONS, ...options };
    const probes = new Map<string, Map<string, Probe>>();
    const hosts = new Map<string, HostTarget>();
    const checks: PlannedCheck[] = [];
    const kinds = options.kinds ? new Set(options.kinds) : undefined;
    const want = (kind: VerifyCheckKind) => !kinds || kinds.has(kind);
    const probe: ProbeAdder = (host: ModelHost, entry) => {
        hosts.set(host.name, hostTarget(host));
        const list = probes.get(host.name) ?? new Map<string, Probe>();
        list.set(entry.id, entry);
        probes.set(host.name, list);
        return entry.id;
    };
    const sink: PlanSink = { probe, checks };

    // Exactly the rows of the sessions table (`bgptopo sessions`), each with what FRR shows of its options.
    const sessions = new Map(model.sessions.map((session) => [session.id, session]));
    const neighborsOf = speakerNeighbors(model);
    const routerRows = routerRowTargets(model, (...args) => speakersBehind(model, ...args, probe));
    let fabric: Map<string, string> | undefined;
    const routerPools = () => (fabric ??= fabricPools(model));
    for (const row of sessionTable(model)) {
        const session = sessions.get(row.id);
        if (!session) {
            // A router-to-router or upstream row (LANGUAGE-V2 §4): Established on its router, found on its line; a
            // router-to-router row also receives what the speakers behind the other router announce.
            const target = routerRows.get(row.id);
            if (target) {
                const kinds = (kind: VerifyCheckKind) => want(kind) && (kind === 'bgp-session' || (kind === 'bgp-prefixes' && target.behindOf !== undefined));
                const item = { row: target.row, router: target.router, location: target.location, pools: routerPools() };
                planSession(item, kinds, sink, target.behindOf);
                if (want('bgp-family')) {
                    // An unnumbered row carries IPv4 over its IPv6 link-local session: negotiated, with extended next hop.
                    planSessionFamilies(item, sink);
                }
            }
            continue;
        }
        const pools = new Map(
            session.announcements.flatMap((a) => (a.origin === 'pool' && a.advertisement?.network ? [[announcementMatch(a), a.advertisement.network.name] as const] : []))
        );
        const item = { row, router: session.router, location: locateSession(session), pools };
        planSession(item, want, sink);
        if (want('bgp-family')) {
            planSessionFamilies(item, sink);
        }
        if (want('bgp-graceful-restart')) {
            planGracefulRestart(item, sink);
        }
        if (want('bfd')) {
            planBfd(item, sink);
        }
        planAttributes(session, want, sink);
        planRefused(session, neighborsOf, want, sink);
    }
    for (const session of model.upstreamSessions) {
        planUpstreamRoutes(session, want, sink);
    }
    for (const vip of model.vips) {
        if (want('vip')) {
            planVipHolders(vip, model, sink);
        }
        if (want('haproxy-backend')) {
            planHaproxy(vip, sink);
        }
        if (want('api-vip')) {
            planApiVip(vip, model, settings.tcpTimeoutSeconds, sink);
        }
    }
    for (const cluster of model.clusters) {
        planCalicoNodeAsns(cluster, want, sink);
        planNodeLabels(cluster, want, sink);
    }
    if (want('wireguard-handshake')) {
        for (const wireguard of model.wireguards) {
            planWireguard(wireguard, settings.handshakeMaxAgeSeconds, sink);
        }
    }
    return { probes: new Map([...probes].map(([host, list]) => [host, [...list.values()]])), hosts, checks };
}

interface RouterRowTarget {
    readonly row: SessionRow;
    readonly router: ModelRouter;
    readonly location: VerifyLocation;
    /** Router-to-router rows: the speakers behind the other router (upstream rows carry nothing checked yet). */
    readonly behindOf?: BehindOf;
}

/**
 * The router-to-router and upstream rows of the sessions table, by row id: the router asked, the row as the router
 * lists the neighbor (an unnumbered one by its interface), and the line the row comes from (that router's
 * `neighbor` line, else the other router's; the `upstream` line).
 */
function routerRowTargets(model: TopologyModel, behind: (session: RouterSession, end: ModelRouter, other: ModelRouter, entries: readonly Probe[]) => ReturnType<BehindOf>): Map<string, RouterRowTarget> {
    const targets = new Map<string, RouterRowTarget>();
    const rows = new Map(sessionTable(model).map((row) => [row.id, row]));
    for (const session of model.routerSessions) {
        session.ends.forEach((end, index) => {
            const other = session.ends[1 - index];
            const row = rows.get(`${session.id}@${end.router.name}`);
            const declaration = end.declaration ?? other.declaration ?? session.declarations[0];
            if (row) {
                targets.set(row.id, {
                    row: session.unnumbered ? { ...row, sourceAddress: row.interface } : row,
                    router: end.router,
                    behindOf: (entries) => behind(session, end.router, other.router, entries),
                    location: locateRouterLine(`neighbor ${other.router.name} of router ${end.router.name}`, declaration.ast)
                });
            }
        });
    }
    for (const session of model.upstreamSessions) {
        const row = rows.get(session.id);
        if (row && !session.noPath) {
            targets.set(row.id, { row, router: session.router, location: locateRouterLine(`upstream ${row.peer} of router ${session.router.name}`, session.upstream.ast) });
        }
    }
    return targets;
}
