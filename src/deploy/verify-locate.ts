/**
 * Where a live finding belongs in the topology file: the AST node at fault, as a 1-based line for the CLI
 * and a 0-based range for the editor (the same nodes edit-time diagnostics use).
 */
import type { AstNode } from 'langium';
import type { BgpSession, ModelAdvertisement, ModelFrontend, ModelHost, ModelVip, ModelWireGuard } from '../model/index.js';
import { propertyRange, type TextRange } from '../model/topology-model-transport.js';
import type { VerifyRange } from './verify-types.js';

export interface VerifyLocation {
    readonly element: string;
    readonly line: number;
    readonly range?: VerifyRange;
}

/** A parsed or transported AST node's text range (see topology-model-transport.ts). */
type Located = { readonly range: TextRange };

function fromCst(element: string, cst: Located | undefined, fallback?: AstNode): VerifyLocation {
    const node = cst ?? fallback?.$cstNode;
    if (!node) {
        return { element, line: 0 };
    }
    const { start, end } = node.range;
    return {
        element,
        line: start.line + 1,
        range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } }
    };
}

/**
 * The line the session comes from: the router's name in its group's `peer` line, or in a v1 `peers` line (the
 * sessions table's `line`).
 */
export function locateSession(session: BgpSession): VerifyLocation {
    const speaker = session.speaker;
    const element = `${speaker.kind} speaker of cluster ${speaker.cluster.name}`;
    const group = session.group.ast;
    const named = (ref: { ref?: unknown; $refText: string }) => ref.ref === session.router.ast || ref.$refText === session.router.name;
    if (group) {
        const index = group.routers.findIndex(named);
        return fromCst(element, index >= 0 ? propertyRange(group, 'routers', index) : undefined, group);
    }
    const index = speaker.ast.peers.findIndex(named);
    const peerNode = speaker.ast.$cstNode && index >= 0 ? propertyRange(speaker.ast, 'peers', index) : undefined;
    return fromCst(element, peerNode, speaker.ast);
}

/** A router's `neighbor ROUTER` or `upstream` line (LANGUAGE-V2 §4). */
export function locateRouterLine(element: string, line: AstNode): VerifyLocation {
    return fromCst(element, undefined, line);
}

/** An `advertise` item (LANGUAGE-V2 §7); an implied one (v1 `pool`, kube-vip) on its speaker block. */
export function locateAdvertisement(advertisement: ModelAdvertisement): VerifyLocation {
    const speaker = advertisement.speaker;
    const element = `${speaker.kind} speaker of cluster ${speaker.cluster.name}`;
    return fromCst(element, advertisement.ast?.$cstNode, speaker.ast);
}

/** The VIP declaration's address. */
export function locateVip(vip: ModelVip): VerifyLocation {
    return fromCst(`vip ${vip.name}`, propertyRange(vip.ast, 'address'), vip.ast);
}

/** The `frontend` line of a VIP. */
export function locateFrontend(vip: ModelVip, frontend: ModelFrontend): VerifyLocation {
    return fromCst(`frontend ${frontend.port} of vip ${vip.name}`, frontend.ast.$cstNode, vip.ast);
}

/** The member entry in `members` (or `members all`), else the mesh declaration. */
export function locateWireguardMember(wireguard: ModelWireGuard, host: ModelHost): VerifyLocation {
    const element = `wireguard ${wireguard.name} member ${host.name}`;
    const cst = wireguard.ast.$cstNode;
    if (!cst) {
        return { element, line: 0 };
    }
    const index = wireguard.ast.members.findIndex((ref) => ref.ref === host.ast || ref.$refText === host.name);
    const node = index >= 0 ? propertyRange(wireguard.ast, 'members', index) : propertyRange(wireguard.ast, 'allMembers');
    return fromCst(element, node, wireguard.ast);
}
