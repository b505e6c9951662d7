/**
 * The per-peer option fields of frr.conf (FRR 8.4) shared by every kind of peer: BFD (`bfd`, `bfd profile NAME`),
 * `timers`, `timers connect`, `graceful-restart` and the password, from a speaker group's or a `neighbor ROUTER` /
 * `upstream` line's options. One place, so a speaker peer-group and a router's own line render an option alike.
 */
import type { ModelPeerOptions, ModelRouter, ModelSessionOptions } from '../model/index.js';
import type { BfdProfileView, PeerView } from './frr-views.js';
import { frrWord, seconds, timerSeconds } from './render-names.js';

/** The options of the router's own sessions: with other routers (either side's line) and upstreams. */
export function lineOptions(router: ModelRouter): ModelSessionOptions[] {
    return [...router.routerSessions.map((session) => session.options), ...router.upstreams.map((upstream) => upstream.options)];
}

/** The BFD profile of a group's `bfd { … }` (FRR `bfd` / `profile NAME`), or undefined for `bfd` alone. */
export function bfdProfileOf(options: Pick<ModelPeerOptions, 'bfd'>): BfdProfileView | undefined {
    const bfd = options.bfd;
    if (!bfd || (bfd.receiveMs === undefined && bfd.transmitMs === undefined && bfd.multiplier === undefined)) {
        return undefined;
    }
    const name = frrWord('bfd', String(bfd.receiveMs ?? 'd'), String(bfd.transmitMs ?? 'd'), String(bfd.multiplier ?? 'd'));
    return { name, receive: bfd.receiveMs, transmit: bfd.transmitMs, multiplier: bfd.multiplier };
}

/** `timers KEEPALIVE HOLD`: the one set derives the other (keepalive a third of hold, at least 1 unless hold is 0). */
function timers(options: Pick<ModelPeerOptions, 'holdMs' | 'keepaliveMs'>): string | undefined {
    if (options.holdMs === undefined && options.keepaliveMs === undefined) {
        return undefined;
    }
    const hold = options.holdMs !== undefined ? timerSeconds(options.holdMs) : timerSeconds(options.keepaliveMs!) * 3;
    const keepalive = options.keepaliveMs !== undefined ? timerSeconds(options.keepaliveMs) : hold === 0 ? 0 : Math.max(1, Math.floor(hold / 3));
    return `${keepalive} ${hold}`;
}

/** What any session's options set on its peer-group alike: BGP timers, connect-retry, graceful restart. */
export function sessionOptionFields(options: ModelSessionOptions): Pick<PeerView, 'timers' | 'connectRetry' | 'gracefulRestart'> {
    return {
        timers: timers(options),
        connectRetry: options.connectRetryMs !== undefined ? seconds(options.connectRetryMs) : undefined,
        gracefulRestart: options.gracefulRestart !== undefined || undefined
    };
}

/** What a `neighbor ROUTER` / `upstream` line's options set on its peer-group (the router dials too: not passive). */
export function lineOptionFields(options: ModelSessionOptions): Pick<PeerView, 'passive' | 'bfd' | 'bfdProfile' | 'timers' | 'connectRetry' | 'gracefulRestart'> {
    return { passive: false, bfd: options.bfd !== undefined, bfdProfile: bfdProfileOf(options)?.name, ...sessionOptionFields(options) };
}

/** The peer's `password`, or a comment in its place for a preview whose secret is not resolved. */
export function withPassword(view: PeerView, secret: { password?: string; unresolved?: string }): PeerView {
    return secret.unresolved !== undefined
        ? { ...view, passwordComment: `password from secret "${secret.unresolved}" not resolved (preview only)` }
        : secret.password
          ? { ...view, password: secret.password }
          : view;
}
