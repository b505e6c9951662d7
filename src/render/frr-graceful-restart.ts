/**
 * Graceful restart across a router's peers in frr.conf (FRR 8.4): when the router's global `bgp graceful-restart` is
 * implied by a peer that asks for it, and the `graceful-restart-helper` lines (and their order) that keep the other
 * peers in helper mode. The lab checks both (test/lab-sessions/lab-graceful-restart.test.ts).
 */
import type { Peer, PeerView } from './frr-views.js';

/**
 * A peer of the router asks for graceful restart. FRR 8.4 applies a peer-group's `graceful-restart` neither to its
 * dynamic (listen-range) neighbors nor to its named members: they stay in the router's global mode, Helper, and the
 * router never restarts gracefully towards them (seen in a lab: `localGrMode` "Helper*" for a listen-range speaker,
 * "Helper" for the member of a router neighbor's peer-group of one). The router's global `bgp graceful-restart`
 * puts them in Restart mode; the router's named neighbors that ask for no graceful restart keep helper mode by their
 * own `graceful-restart-helper` (test/lab-sessions/lab-graceful-restart.test.ts reads both back).
 */
export function peerGracefulRestart(peers: readonly Peer[]): boolean {
    return peers.some((peer) => peer.view.gracefulRestart === true && (peer.ranges.length === 0 || peer.sessions.length > 0));
}

/**
 * Helper mode for a peer that does not ask for graceful restart, on the neighbor itself: FRR 8.4 ignores a
 * peer-group's graceful-restart settings for its members (lab: `neighbor GROUP graceful-restart-helper` left the
 * member "Restart*", `neighbor MEMBER graceful-restart-helper` made it "Helper"). A dynamic neighbor has no name to
 * set it on: a speaker group without graceful restart runs in Restart mode then, which only tells its speakers to
 * keep routes the router sends them (none, but reflected ones).
 */
export function withRestartHelper(view: PeerView): PeerView {
    if (view.gracefulRestart) {
        // A router / upstream peer-group asking for it is in Restart mode by the global setting; its own line, which
        // FRR 8.4 ignores for the member, bgpd refuses next to the global one ("Warning Config Failed").
        return view.member ? { ...view, gracefulRestart: undefined } : view;
    }
    const name = view.member?.name ?? (view.isGroup ? undefined : view.name);
    return name ? { ...view, gracefulRestartHelper: name } : view;
}

/**
 * The peers whose member sets `graceful-restart-helper` come before the others. FRR 8.4 refuses a neighbor's own
 * graceful-restart command ("% Invalid value", the line lost) once a named neighbor that follows the global mode is
 * configured before it (bgpd -C on the router-fabric corpus: a helper line after such a neighbor failed; before it,
 * accepted).
 */
export function helpersFirst(views: readonly PeerView[]): PeerView[] {
    return [...views.filter((view) => view.gracefulRestartHelper !== undefined), ...views.filter((view) => view.gracefulRestartHelper === undefined)];
}
