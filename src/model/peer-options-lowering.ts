/**
 * A speaker block's or a peer group's PEER-OPTIONs (LANGUAGE-V2 §2): a group's own options over its block's.
 */
import type * as ast from '../language/generated/ast.js';
import { parseAsn } from './asn.js';
import { parseDuration } from './duration.js';
import { familyOf, sourceSelection, unquote } from './lowering-values.js';
import type { ModelBfd, ModelPeerOptions, ModelSessionOptions } from './topology-model.js';

const duration = (text: string | undefined): number | undefined => (text ? parseDuration(text) : undefined);

/** `bfd [{ receive … transmit … multiplier … }]`. */
export function lowerBfd(node: ast.Bfd | undefined): ModelBfd | undefined {
    return node ? { receiveMs: duration(node.receive), transmitMs: duration(node.transmit), multiplier: node.multiplier } : undefined;
}

/** The options of a `neighbor ROUTER { … }` or `upstream … { … }` line (LANGUAGE-V2 §4). */
export function lowerSessionOptions(node: ast.Neighbor | ast.Upstream): ModelSessionOptions {
    return {
        multihop: node.multihop,
        passwordSecret: node.password?.secret ? unquote(node.password.value ?? '') : undefined,
        literalPassword: node.password !== undefined && !node.password.secret,
        bfd: lowerBfd(node.bfd),
        holdMs: duration(node.hold),
        keepaliveMs: duration(node.keepalive),
        connectRetryMs: duration(node.connectRetry),
        gracefulRestart: node.gracefulRestart ? { restartTimeMs: duration(node.gracefulRestart.restartTime) } : undefined
    };
}

/** A block's or a group's PEER-OPTIONs; a group's fall back to its block's (`defaults`). */
export function lowerPeerOptions(node: ast.Speaker | ast.PeerGroup, defaults: ModelPeerOptions | undefined): ModelPeerOptions {
    const bfd = lowerBfd(node.bfd);
    const families = node.families
        ? {
              families: (node.families.families ?? []).map(familyOf),
              over: node.families.over ? familyOf(node.families.over) : undefined
          }
        : undefined;
    return {
        asn: node.asn !== undefined ? parseAsn(String(node.asn)) : defaults?.asn,
        source: node.source ? sourceSelection(node.source) : (defaults?.source ?? { kind: 'primary' }),
        multihop: node.multihop ?? defaults?.multihop,
        passwordSecret: node.password ? (node.password.secret ? unquote(node.password.value ?? '') : undefined) : defaults?.passwordSecret,
        literalPassword: node.password ? !node.password.secret : (defaults?.literalPassword ?? false),
        bfd: bfd ?? defaults?.bfd,
        holdMs: duration(node.hold) ?? defaults?.holdMs,
        keepaliveMs: duration(node.keepalive) ?? defaults?.keepaliveMs,
        connectRetryMs: duration(node.connectRetry) ?? defaults?.connectRetryMs,
        gracefulRestart: node.gracefulRestart ? { restartTimeMs: duration(node.gracefulRestart.restartTime) } : defaults?.gracefulRestart,
        toLoopback: (node.toLoopback ?? false) || (defaults?.toLoopback ?? false),
        families: families ?? defaults?.families
    };
}
