/**
 * The sessions table (LANGUAGE-V2 §12): one row per derived BGP session, seen from the router — router and its
 * address, the peer, the peer's source address, family, both ASes, iBGP/eBGP, the options on it and the prefixes
 * the router accepts there. It is a function of the model alone: `bgptopo sessions`, hover and verify read it.
 */
import { durationSeconds } from './duration.js';
import { announcementMatch } from './announcement-derivation.js';
import { carriedText, routerSessionAnnounced, routerSessionImports, upstreamExports, upstreamImports } from './fabric-prefixes.js';
import type {
    AddressFamily,
    Announcement,
    BgpSession,
    ModelBfd,
    ModelPeerGroup,
    ModelPeerOptions,
    ModelRouter,
    ModelSessionOptions,
    RouterSession,
    TopologyModel,
    UpstreamSession
} from './topology-model.js';

export type FamilyName = 'ipv4' | 'ipv6';

export interface SessionRowOptions {
    /** The port the peer dials (the router's `listen-port`). */
    readonly port: number;
    readonly multihop?: number;
    readonly holdSeconds?: number;
    readonly keepaliveSeconds?: number;
    readonly connectRetrySeconds?: number;
    /** `bfd` alone: `{}` (the consumers' defaults); with a profile, its timers in ms. */
    readonly bfd?: { readonly receiveMs?: number; readonly transmitMs?: number; readonly multiplier?: number };
    readonly gracefulRestart?: { readonly restartTimeSeconds?: number };
    /** The secret's name; a value never appears here. */
    readonly passwordSecret?: string;
    readonly toLoopback?: boolean;
}

export interface SessionRow {
    /** The session's stable key (see {@link BgpSession.id}). */
    readonly id: string;
    readonly router: string;
    readonly routerAddress?: string;
    /** A node's speaker, another router of the file (`neighbor ROUTER`), or an upstream (LANGUAGE-V2 §4). */
    readonly peerKind: 'node' | 'router' | 'upstream';
    /** The node, the other router, or the upstream's address. */
    readonly peer: string;
    /** The node's cluster and speaker kind (node rows only). */
    readonly cluster?: string;
    readonly speaker?: string;
    /** The peer's source address (the other router's address; for an upstream, its address). */
    readonly sourceAddress?: string;
    readonly family: FamilyName;
    /** The families the session carries (more than its own with `families … over F`). */
    readonly carries: FamilyName[];
    /** The router's AS. */
    readonly localAs?: number;
    /** The peer's AS. */
    readonly remoteAs?: number;
    readonly type?: 'ibgp' | 'ebgp';
    readonly options: SessionRowOptions;
    /** What the router accepts on it: `PREFIX` (exactly), `PREFIX le N` (it or anything inside), `PREFIX ge N [le M]` (lengths). */
    readonly accepts: string[];
    /**
     * Router-to-router and upstream rows: what the router sends on it beyond what routers carry (its line's
     * `announce` items; to an upstream exactly these), as prefix-list matches. Absent when nothing is added.
     */
    readonly sends?: string[];
    /** The session cannot come up: no shared network and no multihop (`peer-no-path`). */
    readonly noPath: boolean;
    /** 1-based line of the `peer` / `peers` line it comes from (`neighbor` / `upstream` for router rows). */
    readonly line: number;
    /** Unnumbered router-to-router session: the router's interface (routerAddress is then undefined). */
    readonly interface?: string;
}

export function familyName(family: AddressFamily | number): FamilyName {
    return family === 6 ? 'ipv6' : 'ipv4';
}

const SINGLE_FAMILIES: Readonly<Record<number, readonly FamilyName[]>> = { 4: ['ipv4'], 6: ['ipv6'] };

/** The families' names; a session of one family (nearly all) shares a constant list. */
function familyNames(families: readonly AddressFamily[]): FamilyName[] {
    const single = families.length === 1 ? SINGLE_FAMILIES[families[0]] : undefined;
    return single ? [...single] : families.map(familyName);
}

/**
 * The table's rows, grouped by router in file order; each router's speaker rows in derivation order, then its
 * router-to-router rows (one per end of each session, LANGUAGE-V2 §4), then its upstream rows.
 */
export function sessionTable(model: TopologyModel): SessionRow[] {
    // One bucket per router in file order (a stable grouping, linear in the sessions).
    const buckets = new Map<ModelRouter, SessionRow[]>(model.routers.map((router) => [router, []]));
    const add = (router: ModelRouter, row: SessionRow): void => {
        let bucket = buckets.get(router);
        if (!bucket) {
            bucket = [];
            buckets.set(router, bucket);
        }
        bucket.push(row);
    };
    for (const session of model.sessions) {
        add(session.router, sessionRow(session));
    }
    for (const session of model.routerSessions) {
        routerSessionRows(model, session).forEach((row, index) => add(session.ends[index].router, row));
    }
    for (const session of model.upstreamSessions) {
        add(session.router, upstreamSessionRow(session));
    }
    return [...buckets.values()].flat();
}

/** The two rows of a router-to-router session, one seen from each end (what routers carry, and its `announce`s, §4). */
export function routerSessionRows(model: TopologyModel, session: RouterSession): SessionRow[] {
    return session.ends.map((end, index) => {
        const other = session.ends[1 - index];
        const sends = routerSessionAnnounced(session, index as 0 | 1).map(carriedText);
        const declaration = end.declaration ?? other.declaration ?? session.declarations[0];
        return {
            id: `${session.id}@${end.router.name}`,
            router: end.router.name,
            routerAddress: end.address?.address.text,
            peerKind: 'router' as const,
            peer: other.router.name,
            sourceAddress: other.address?.address.text,
            family: familyName(session.family),
            carries: session.carries.map(familyName),
            localAs: end.router.asn,
            remoteAs: other.router.asn,
            type: session.type,
            options: lineOptions(end.router, session.options, session.multihop, session.toLoopback),
            accepts: routerSessionImports(model, session, index as 0 | 1).map(carriedText),
            ...(sends.length > 0 ? { sends } : {}),
            noPath: session.noPath,
            line: (declaration.ast.$cstNode?.range.start.line ?? 0) + 1,
            interface: end.interface
        };
    });
}

export function upstreamSessionRow(session: UpstreamSession): SessionRow {
    return {
        id: session.id,
        router: session.router.name,
        routerAddress: session.source?.address.text,
        peerKind: 'upstream',
        peer: session.upstream.address?.text ?? '?',
        sourceAddress: session.upstream.address?.text,
        family: familyName(session.family),
        carries: [familyName(session.family)],
        localAs: session.router.asn,
        remoteAs: session.upstream.asn,
        type: session.type,
        options: lineOptions(session.router, session.upstream.options, session.multihop, false),
        accepts: upstreamImports(session).map(carriedText),
        sends: upstreamExports(session).map(carriedText),
        noPath: session.noPath,
        line: (session.upstream.ast.$cstNode?.range.start.line ?? 0) + 1
    };
}

/** The options of a `neighbor ROUTER` / `upstream` session; `port` is the peer's listening port, seen from `router`. */
function lineOptions(router: ModelRouter, options: ModelSessionOptions, multihop: number | undefined, toLoopback: boolean): SessionRowOptions {
    return compact({
        port: router.listenPort ?? 179,
        multihop,
        holdSeconds: seconds(options.holdMs),
        keepaliveSeconds: seconds(options.keepaliveMs),
        connectRetrySeconds: seconds(options.connectRetryMs),
        bfd: options.bfd ? bfdRow(options.bfd) : undefined,
        gracefulRestart: options.gracefulRestart ? compact({ restartTimeSeconds: seconds(options.gracefulRestart.restartTimeMs) }) : undefined,
        passwordSecret: options.passwordSecret,
        toLoopback: toLoopback || undefined
    });
}

/** The accepts of an announcement list, once per list: sessions announcing the same share one list (and these rows one array). */
const acceptLists = new WeakMap<readonly Announcement[], string[]>();

function acceptsOf(announcements: readonly Announcement[]): string[] {
    let accepts = acceptLists.get(announcements);
    if (!accepts) {
        accepts = [...new Set(announcements.map(announcementMatch))];
        acceptLists.set(announcements, accepts);
    }
    return accepts;
}

export function sessionRow(session: BgpSession): SessionRow {
    return {
        id: session.id,
        router: session.router.name,
        routerAddress: session.destination?.address.text,
        peerKind: 'node',
        peer: session.node.name,
        cluster: session.speaker.cluster.name,
        speaker: session.speaker.kind,
        sourceAddress: session.source?.address.text,
        family: familyName(session.family),
        carries: familyNames(session.carries),
        localAs: session.routerAsn,
        remoteAs: session.speakerAsn,
        type: session.type,
        options: rowOptions(session),
        accepts: acceptsOf(session.announcements),
        noPath: session.noPath,
        line: groupLine(session)
    };
}

/**
 * The row's options: a function of the group's options and the router (port, the router's `bfd`; iBGP or eBGP
 * and so multihop follow from both ASes). Rows of one (group options, router) share one object — rows are read,
 * never changed, and a table of thousands of rows would otherwise build thousands of equal objects.
 */
const optionRows = new WeakMap<ModelPeerOptions, Map<ModelRouter, SessionRowOptions>>();

function rowOptions(session: BgpSession): SessionRowOptions {
    const options = session.options;
    let known = optionRows.get(options);
    if (!known) {
        known = new Map();
        optionRows.set(options, known);
    }
    const multihop = session.type === 'ibgp' ? undefined : session.multihop;
    let row = known.get(session.router);
    // The guard keeps the table right should a session's port, multihop or `to loopback` ever differ within one pair.
    if (!row || row.port !== session.port || row.multihop !== multihop || row.toLoopback !== (session.toLoopback || undefined)) {
        row = compact({
            port: session.port,
            multihop,
            holdSeconds: seconds(options.holdMs),
            keepaliveSeconds: seconds(options.keepaliveMs),
            connectRetrySeconds: seconds(options.connectRetryMs),
            bfd: options.bfd || session.router.bfd ? bfdRow(options.bfd) : undefined,
            gracefulRestart: options.gracefulRestart ? compact({ restartTimeSeconds: seconds(options.gracefulRestart.restartTimeMs) }) : undefined,
            passwordSecret: options.passwordSecret,
            toLoopback: session.toLoopback || undefined
        });
        known.set(session.router, row);
    }
    return row;
}

/** Lines already found, per group and router: every node of a group shares them (the table has a row per node). */
const groupLines = new WeakMap<ModelPeerGroup, Map<ModelRouter, number>>();

/** 1-based line of the group's `peer` line, or of the router's entry in a v1 `peers` line. */
function groupLine(session: BgpSession): number {
    let lines = groupLines.get(session.group);
    if (!lines) {
        lines = new Map();
        groupLines.set(session.group, lines);
    }
    let line = lines.get(session.router);
    if (line === undefined) {
        const cst =
            session.group.ast?.$cstNode ??
            (session.speaker.ast.peers ?? []).find((ref) => ref.ref === session.router.ast)?.$refNode ??
            session.speaker.ast.$cstNode;
        line = (cst?.range.start.line ?? 0) + 1;
        lines.set(session.router, line);
    }
    return line;
}

function bfdRow(bfd: ModelBfd | undefined): SessionRowOptions['bfd'] {
    return compact({ receiveMs: bfd?.receiveMs, transmitMs: bfd?.transmitMs, multiplier: bfd?.multiplier });
}

function seconds(ms: number | undefined): number | undefined {
    return ms === undefined ? undefined : durationSeconds(ms);
}

/** Drops undefined fields, so that the JSON form lists only what is set. */
function compact<T extends object>(value: T): T {
    const result: Record<string, unknown> = {};
    for (const key in value) {
        if (value[key] !== undefined) {
            result[key] = value[key];
        }
    }
    return result as T;
}

/** One option set in words, for the text table and hover: `port 1790, hold 90s, bfd 300/300/3, gr 120s`. */
export function describeRowOptions(options: SessionRowOptions): string {
    const parts: string[] = [];
    if (options.port !== 179) {
        parts.push(`port ${options.port}`);
    }
    if (options.toLoopback) {
        parts.push('to loopback');
    }
    if (options.multihop !== undefined) {
        parts.push(`multihop ${options.multihop}`);
    }
    if (options.holdSeconds !== undefined) {
        parts.push(`hold ${options.holdSeconds}s`);
    }
    if (options.keepaliveSeconds !== undefined) {
        parts.push(`keepalive ${options.keepaliveSeconds}s`);
    }
    if (options.connectRetrySeconds !== undefined) {
        parts.push(`connect-retry ${options.connectRetrySeconds}s`);
    }
    if (options.bfd) {
        const { receiveMs, transmitMs, multiplier } = options.bfd;
        parts.push(receiveMs ?? transmitMs ?? multiplier ? `bfd ${receiveMs ?? '-'}/${transmitMs ?? '-'}/${multiplier ?? '-'}` : 'bfd');
    }
    if (options.gracefulRestart) {
        parts.push(options.gracefulRestart.restartTimeSeconds !== undefined ? `graceful-restart ${options.gracefulRestart.restartTimeSeconds}s` : 'graceful-restart');
    }
    if (options.passwordSecret) {
        parts.push(`password secret ${options.passwordSecret}`);
    }
    return parts.join(', ');
}
