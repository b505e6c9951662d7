/**
 * The peers of frr.conf the router itself dials (LANGUAGE-V2 §4): its sessions with other routers of the file and its
 * upstreams, each a peer-group of one (FRR 8.4 takes `graceful-restart` on a peer-group even offline), with the
 * families it carries and the policy of its line: what routers carry plus the line's own `announce` items (`fabric`),
 * or exactly the upstream's `announce` out and `accept` in (`upstream`).
 */
import type { ModelRouter } from '../model/index.js';
import { routerSessionAnnounced, upstreamExports, upstreamImports } from '../model/fabric-prefixes.js';
import { lineOptionFields, withPassword } from './frr-peer-options.js';
import { FABRIC } from './frr-policies.js';
import type { Peer, PeerView } from './frr-views.js';
import { originOf } from './render-header.js';
import { frrWord } from './render-names.js';
import { linePassword } from './render-secrets.js';
import { RenderError, type RenderContext } from './render-types.js';

/** Its sessions with other routers of the file (LANGUAGE-V2 §4): one explicit neighbor per session. */
export function routerPeers(router: ModelRouter, context: RenderContext): Peer[] {
    return router.routerSessions.map((session) => {
        const index: 0 | 1 = session.ends[0].router === router ? 0 : 1;
        const own = session.ends[index];
        const other = session.ends[1 - index];
        const declaration = own.declaration ?? other.declaration ?? session.declarations[0];
        const origin = originOf(`neighbor ${other.router.name} of router ${router.name}`, declaration.ast);
        if (other.router.asn === undefined) {
            throw new RenderError(`router ${other.router.name} has no valid \`asn\``, origin);
        }
        const member = session.unnumbered ? own.interface : other.address?.address.text;
        if (!member) {
            throw new RenderError(session.unnumbered ? `router ${router.name} declares no \`unnumbered\` interface for this session` : 'the session has no address', origin);
        }
        const options = session.options;
        const ebgp = session.type !== 'ibgp';
        const name = frrWord('RTR', other.router.name, ...(session.family === 6 && !session.unnumbered ? ['6'] : []));
        const view: PeerView = {
            name,
            isGroup: true,
            remoteAs: String(other.router.asn),
            description: `router ${other.router.name}`,
            ...lineOptionFields(options),
            multihop: ebgp && !session.unnumbered ? session.multihop : undefined,
            updateSource: session.toLoopback ? own.address?.address.text : undefined,
            member: { name: member, interface: session.unnumbered },
            port: other.router.listenPort !== undefined && other.router.listenPort !== 179 ? other.router.listenPort : undefined
        };
        return {
            view: withPassword(view, linePassword(options, origin, context)),
            policy: frrWord(FABRIC),
            sessions: [],
            ranges: [],
            line: {
                families: session.carries,
                policy: 'fabric' as const,
                // Beyond what routers carry: what this side announces there, and what the other side announces here.
                sends: routerSessionAnnounced(session, index),
                takes: routerSessionAnnounced(session, index === 0 ? 1 : 0),
                ibgp: session.type === 'ibgp',
                nextHopSelf: own.nextHopSelf
            }
        };
    });
}

/** Its upstreams (LANGUAGE-V2 §4): exactly the `announce` items are sent, exactly the `accept` prefixes taken. */
export function upstreamPeers(router: ModelRouter, context: RenderContext): Peer[] {
    return router.upstreamSessions.map((session) => {
        const upstream = session.upstream;
        const origin = originOf(`upstream of router ${router.name}`, upstream.ast);
        if (upstream.asn === undefined || !upstream.address) {
            throw new RenderError('the upstream has no valid address or `remote-as`', origin);
        }
        const options = upstream.options;
        const onLoopback = session.source !== undefined && router.loopbacks.includes(session.source);
        const view: PeerView = {
            name: frrWord('UP', upstream.address.text),
            isGroup: true,
            remoteAs: String(upstream.asn),
            description: `upstream ${upstream.address.text}`,
            ...lineOptionFields(options),
            multihop: session.type !== 'ibgp' ? session.multihop : undefined,
            updateSource: onLoopback ? session.source?.address.text : undefined,
            member: { name: upstream.address.text, interface: false }
        };
        return {
            view: withPassword(view, linePassword(options, origin, context)),
            policy: frrWord('UPSTREAM', upstream.address.text),
            sessions: [],
            ranges: [],
            line: {
                families: [session.family],
                policy: 'upstream' as const,
                sends: upstreamExports(session),
                takes: upstreamImports(session),
                ibgp: session.type === 'ibgp',
                nextHopSelf: false
            }
        };
    });
}
