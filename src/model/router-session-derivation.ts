/**
 * Derives the sessions routers hold beyond their speakers (LANGUAGE-V2 §4): router-to-router sessions from
 * `neighbor ROUTER` lines (one side declaring is enough; unnumbered needs both), and upstream sessions.
 *
 * Router-to-router: one session per family in which the two routers share a network (the most specific one), with
 * `to loopback` per family in which both have a loopback; with `multihop` and no shared network, their first
 * addresses of the family. Unnumbered: one session over IPv6 link-local carrying both families. An option set on
 * one side applies to both (the first declaration that sets it wins; disagreements are `peer-option-conflict`).
 *
 * Upstream: the router's address on the network holding the upstream's address; with `multihop` and no such
 * network, its loopback of the family, else its first address of the family. Neither: `noPath`.
 */
import { prefixContains } from './ip-address.js';
import type {
    AddressFamily,
    ModelAddress,
    ModelRouter,
    ModelRouterNeighbor,
    ModelSessionOptions,
    RouterSession,
    RouterSessionEnd,
    SessionType,
    UpstreamSession
} from './topology-model.js';

/** `to loopback` implies `multihop 2` unless set (§3, as for speakers). */
const LOOPBACK_MULTIHOP = 2;
const FAMILIES: readonly AddressFamily[] = [4, 6];

export interface DerivedRouterSessions {
    readonly sessions: RouterSession[];
    /** Declarations of a pair that form no session in any family. */
    readonly gaps: ModelRouterNeighbor[][];
}

export function deriveRouterSessions(routers: readonly ModelRouter[]): DerivedRouterSessions {
    const order = new Map(routers.map((router, index) => [router, index]));
    const pairs = new Map<string, ModelRouterNeighbor[]>();
    for (const router of routers) {
        for (const line of router.routerNeighbors) {
            if (line.peer === line.router) {
                continue;
            }
            const [x, y] = [order.get(line.router) ?? 0, order.get(line.peer) ?? 0].sort((a, b) => a - b);
            const key = `${x}|${y}`;
            pairs.set(key, [...(pairs.get(key) ?? []), line]);
        }
    }
    const sessions: RouterSession[] = [];
    const gaps: ModelRouterNeighbor[][] = [];
    for (const lines of [...pairs.values()].sort((p, q) => offset(p[0]) - offset(q[0]))) {
        lines.sort((p, q) => offset(p) - offset(q));
        const derived = pairSessions(lines);
        if (derived.length === 0) {
            gaps.push(lines);
        }
        sessions.push(...derived);
    }
    return { sessions, gaps };
}

function offset(line: ModelRouterNeighbor): number {
    return line.ast.$cstNode?.offset ?? 0;
}

function pairSessions(lines: ModelRouterNeighbor[]): RouterSession[] {
    const a = lines[0].router;
    const b = lines[0].peer;
    const lineOf = (router: ModelRouter) => lines.find((line) => line.router === router);
    const options = mergeOptions(lines);
    const toLoopback = lines.some((line) => line.toLoopback);
    const type: SessionType | undefined = a.asn === undefined || b.asn === undefined ? undefined : a.asn === b.asn ? 'ibgp' : 'ebgp';
    const end = (router: ModelRouter, address?: ModelAddress, iface?: string): RouterSessionEnd => ({
        router,
        address,
        interface: iface,
        declaration: lineOf(router),
        nextHopSelf: lineOf(router)?.nextHopSelf ?? false
    });
    const base = { options, toLoopback, type, declarations: lines, noPath: false };
    if (lines.some((line) => line.unnumbered !== undefined)) {
        return [
            {
                ...base,
                id: `${a.name}<->${b.name}`,
                ends: [end(a, undefined, lineOf(a)?.unnumbered), end(b, undefined, lineOf(b)?.unnumbered)],
                family: 6,
                carries: [4, 6],
                unnumbered: true
            }
        ];
    }
    const multihop = options.multihop ?? (toLoopback ? LOOPBACK_MULTIHOP : undefined);
    const found: Array<{ family: AddressFamily; x: ModelAddress; y: ModelAddress }> = [];
    for (const family of FAMILIES) {
        const pair = toLoopback ? loopbackPair(a, b, family) : (sharedPair(a, b, family) ?? (multihop !== undefined ? firstPair(a, b, family) : undefined));
        if (pair) {
            found.push({ family, ...pair });
        }
    }
    return found.map(({ family, x, y }) => ({
        ...base,
        id: `${a.name}<->${b.name}${family === 6 && found.length > 1 ? '/ipv6' : ''}`,
        ends: [end(a, x), end(b, y)] as const,
        family,
        carries: [family],
        unnumbered: false,
        multihop
    }));
}

/** For each option, the first declaration (in file order) that sets it. */
function mergeOptions(lines: ModelRouterNeighbor[]): ModelSessionOptions {
    const first = <K extends Exclude<keyof ModelSessionOptions, 'literalPassword'>>(key: K): ModelSessionOptions[K] | undefined =>
        lines.map((line) => line.options[key]).find((value) => value !== undefined);
    return {
        multihop: first('multihop'),
        passwordSecret: first('passwordSecret'),
        literalPassword: lines.some((line) => line.options.literalPassword),
        bfd: first('bfd'),
        holdMs: first('holdMs'),
        keepaliveMs: first('keepaliveMs'),
        connectRetryMs: first('connectRetryMs'),
        gracefulRestart: first('gracefulRestart')
    };
}

function loopbackPair(a: ModelRouter, b: ModelRouter, family: AddressFamily): { x: ModelAddress; y: ModelAddress } | undefined {
    const x = a.loopbacks.find((entry) => entry.address.family === family);
    const y = b.loopbacks.find((entry) => entry.address.family === family);
    return x && y ? { x, y } : undefined;
}

/** Their addresses on the most specific network of the family both have an address on. */
function sharedPair(a: ModelRouter, b: ModelRouter, family: AddressFamily): { x: ModelAddress; y: ModelAddress } | undefined {
    let best: { x: ModelAddress; y: ModelAddress; length: number } | undefined;
    for (const x of a.addresses) {
        const network = x.network;
        if (x.address.family !== family || !network?.prefix || (best && best.length >= network.prefix.length)) {
            continue;
        }
        const y = b.addresses.find((entry) => entry.network === network);
        if (y) {
            best = { x, y, length: network.prefix.length };
        }
    }
    return best;
}

function firstPair(a: ModelRouter, b: ModelRouter, family: AddressFamily): { x: ModelAddress; y: ModelAddress } | undefined {
    const x = a.addresses.find((entry) => entry.address.family === family);
    const y = b.addresses.find((entry) => entry.address.family === family);
    return x && y ? { x, y } : undefined;
}

/** One session per upstream line with an address. */
export function deriveUpstreamSessions(routers: readonly ModelRouter[]): UpstreamSession[] {
    const sessions: UpstreamSession[] = [];
    for (const router of routers) {
        for (const upstream of router.upstreams) {
            const address = upstream.address;
            if (!address) {
                continue;
            }
            const family = address.family as AddressFamily;
            const onLink = router.addresses
                .filter((entry) => entry.network?.prefix && prefixContains(entry.network.prefix, address))
                .sort((x, y) => (y.network!.prefix!.length ?? 0) - (x.network!.prefix!.length ?? 0))[0];
            const multihop = upstream.options.multihop;
            const fallback =
                multihop !== undefined
                    ? (router.loopbacks.find((entry) => entry.address.family === family) ?? router.addresses.find((entry) => entry.address.family === family))
                    : undefined;
            sessions.push({
                id: `${router.name}->upstream ${address.text}`,
                router,
                upstream,
                family,
                source: onLink ?? fallback,
                multihop,
                type: upstream.asn === undefined || router.asn === undefined ? undefined : upstream.asn === router.asn ? 'ibgp' : 'ebgp',
                noPath: onLink === undefined && multihop === undefined
            });
        }
    }
    return sessions;
}
