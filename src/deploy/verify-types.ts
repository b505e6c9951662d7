/**
 * Types of the live verifier: what `verifyTopology` reports and how a finding is located in the topology
 * file (the same element/line convention as rendered file headers, plus an LSP range for the editor).
 */

export type VerifyCheckKind =
    | 'bgp-session'
    | 'bgp-prefixes'
    | 'bgp-attributes'
    | 'bgp-refused'
    | 'bgp-family'
    | 'bgp-graceful-restart'
    | 'bfd'
    | 'vip'
    | 'haproxy-backend'
    | 'wireguard-handshake'
    | 'api-vip'
    | 'calico-node-asn'
    | 'node-labels'
    | 'upstream-routes';

export type VerifyStatus = 'pass' | 'fail' | 'unknown';

/** 0-based, like LSP positions. */
export interface VerifyPosition {
    readonly line: number;
    readonly character: number;
}

export interface VerifyRange {
    readonly start: VerifyPosition;
    readonly end: VerifyPosition;
}

export interface VerifyCheck {
    /** Stable key, e.g. `bgp-session:prod/cilium-bgp/cp1->r1`. */
    readonly id: string;
    readonly kind: VerifyCheckKind;
    /** What was checked, for people: `session cp1 -> r1 (cilium-bgp)`. */
    readonly subject: string;
    readonly status: VerifyStatus;
    readonly message: string;
    /** The topology element at fault, e.g. `cilium-bgp speaker of cluster prod`, `vip api-vip`. */
    readonly element: string;
    /** 1-based line of the node at fault (0 when the model has no parse tree). */
    readonly line: number;
    /** 0-based range of the node at fault (the `peers` entry, the VIP address, the frontend, the member). */
    readonly range?: VerifyRange;
}

export interface VerifyReport {
    readonly checks: VerifyCheck[];
    /** Hosts no SSH session could be opened to (their checks are `unknown`). */
    readonly unreachable: string[];
    /** Wall time of the whole verification. */
    readonly durationMs: number;
}

export interface VerifyOptions {
    /** Hosts queried at once (default 16). */
    readonly concurrency?: number;
    /** A WireGuard handshake older than this is stale (default 180 s: WireGuard re-keys every 120 s). */
    readonly handshakeMaxAgeSeconds?: number;
    /** Bound of one host's whole probe script (default 20 s). */
    readonly hostTimeoutMs?: number;
    /** Bound of each single remote command inside the script (default 5 s). */
    readonly commandTimeoutSeconds?: number;
    /** TCP connect bound of the API VIP probe (default 3 s). */
    readonly tcpTimeoutSeconds?: number;
    /** Only these check kinds (default all). */
    readonly kinds?: readonly VerifyCheckKind[];
}

export const DEFAULT_VERIFY_OPTIONS = {
    concurrency: 16,
    handshakeMaxAgeSeconds: 180,
    hostTimeoutMs: 20_000,
    commandTimeoutSeconds: 5,
    tcpTimeoutSeconds: 3
} as const;
