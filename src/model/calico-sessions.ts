/**
 * How Calico's BGPPeer expresses a session's source (LANGUAGE-V2 §3, §13; FACTS-V2 §3): `UseNodeIP` (the node's
 * first address of the session's family, Calico's "node IP") or `None` (the kernel's choice: the node's address on
 * the link of a directly connected session). Validation refuses any other source; the renderer writes this.
 */
import type { BgpSession } from './topology-model.js';

export type CalicoSourceAddress = 'UseNodeIP' | 'None';

export function calicoSourceMode(session: BgpSession): CalicoSourceAddress | undefined {
    const source = session.source;
    if (!source) {
        return undefined;
    }
    const first = session.node.addresses.find((entry) => entry.address.family === source.address.family);
    if (first === source) {
        return 'UseNodeIP';
    }
    return session.singleHop ? 'None' : undefined;
}
