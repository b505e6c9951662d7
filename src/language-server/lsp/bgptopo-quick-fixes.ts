/**
 * One function per diagnostic code that has a quick fix: from the diagnostic, the AST node it is on and
 * the lowered model, the text edits of the repair and a title that says what it does.
 */
import { AstUtils, GrammarUtils, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import { TextEdit, type Diagnostic } from 'vscode-languageserver';
import * as ast from '../../language/generated/ast.js';
import { parseAddress } from '../../model/ip-address.js';
import type { ModelNode, ModelSpeaker, TopologyModel } from '../../model/topology-model.js';
import { nextFreeAddress, nextFreePrivateAsn, nextFreeVrid, peeringNetwork, takenAddresses } from './bgptopo-free-values.js';
import { vipOf } from './bgptopo-model-lookup.js';

export interface FixContext {
    readonly document: LangiumDocument;
    readonly model: TopologyModel;
    readonly diagnostic: Diagnostic;
    /** The AST node the diagnostic is on. */
    readonly node: AstNode | undefined;
}

export interface QuickFix {
    readonly title: string;
    readonly edits: TextEdit[];
    readonly preferred: boolean;
}

/** `cidr-host-bits`: the validator computed the network address (`data.replacement`). */
export function cidrHostBitsFix({ diagnostic }: FixContext): QuickFix[] {
    const replacement = (diagnostic.data as { replacement?: unknown } | undefined)?.replacement;
    if (typeof replacement !== 'string') {
        return [];
    }
    return [{ title: `Use the network address ${replacement}`, edits: [TextEdit.replace(diagnostic.range, replacement)], preferred: true }];
}

/** `address-duplicate`: the next address of the same network that no host or VIP takes. */
export function addressFix({ model, diagnostic, node }: FixContext): QuickFix[] {
    const hostAddress = node ? AstUtils.getContainerOfType(node, ast.isHostAddress) : undefined;
    const vipNode = node && !hostAddress ? AstUtils.getContainerOfType(node, ast.isVip) : undefined;
    let network;
    let current;
    if (hostAddress) {
        const entry = model.hosts.flatMap((host) => host.addresses).find((candidate) => candidate.ast === hostAddress);
        network = entry?.network;
        current = entry?.address;
    } else if (vipNode) {
        const vip = vipOf(model, vipNode);
        network = vip?.network;
        current = vip?.address;
    }
    if (!network?.prefix) {
        return [];
    }
    const free = nextFreeAddress(network.prefix, current, takenAddresses(model));
    if (!free) {
        return [];
    }
    return [
        {
            title: `Use the next free address of ${network.name}: ${free.text}`,
            edits: [TextEdit.replace(diagnostic.range, free.text)],
            preferred: true
        }
    ];
}

/** `vrrp-vrid-duplicate`: the next VRID that no keepalived VIP on the segment uses. */
export function vridFix({ model, diagnostic, node }: FixContext): QuickFix[] {
    const vip = vipOf(model, node ? AstUtils.getContainerOfType(node, ast.isVip) : undefined);
    const vrid = vip ? nextFreeVrid(model, vip) : undefined;
    if (vrid === undefined) {
        return [];
    }
    return [{ title: `Use the next free VRID on this segment: ${vrid}`, edits: [TextEdit.replace(diagnostic.range, String(vrid))], preferred: true }];
}

/** `asn-reserved`, `asn-documentation`: the lowest private ASN the file does not use yet. */
export function asnFix({ model, diagnostic }: FixContext): QuickFix[] {
    const asn = nextFreePrivateAsn(model);
    if (asn === undefined) {
        return [];
    }
    return [{ title: `Use the free private ASN ${asn}`, edits: [TextEdit.replace(diagnostic.range, String(asn))], preferred: true }];
}

/** `secret-in-source`: a secret reference named after the cluster and the speaker kind. */
export function secretFix({ node }: FixContext): QuickFix[] {
    const password = node ? AstUtils.getContainerOfType(node, ast.isPassword) : undefined;
    const speaker = password ? AstUtils.getContainerOfType(password, ast.isSpeaker) : undefined;
    if (!password?.$cstNode || !speaker) {
        return [];
    }
    // A valid secret name (secret-name-invalid): lower case, '-' for anything else, at most 63 characters.
    const name = `${speaker.$container.name ?? 'cluster'}-${speaker.kind}-bgp`
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+/, '')
        .slice(-63)
        .replace(/^-+/, '');
    return [
        {
            title: `Move the password to the secret "${name}"`,
            edits: [TextEdit.replace(password.$cstNode.range, `password secret "${name}"`)],
            preferred: true
        }
    ];
}

/**
 * `peer-asn-mismatch`: change the neighbor line to the speaker's ASN, or (when the line names an ASN, or
 * `internal`) change the speaker to what the router declares. Which side is wrong is the user's call.
 */
export function peerAsnMismatchFixes({ model, diagnostic, node }: FixContext): QuickFix[] {
    const neighbor = node ? AstUtils.getContainerOfType(node, ast.isNeighbor) : undefined;
    const data = diagnostic.data as { speakerAsn?: unknown; routerAsn?: unknown; speakerLine?: unknown } | undefined;
    if (!neighbor || typeof data?.speakerAsn !== 'number') {
        return [];
    }
    const fixes: QuickFix[] = [
        {
            title: `Expect AS ${data.speakerAsn} on this neighbor line (the speaker's ASN)`,
            edits: [TextEdit.replace(diagnostic.range, String(data.speakerAsn))],
            preferred: false
        }
    ];
    const declared = neighbor.asn !== undefined ? String(neighbor.asn) : neighbor.kind === 'internal' && typeof data.routerAsn === 'number' ? String(data.routerAsn) : undefined;
    const speaker = model.speakers.find((candidate) => lineOf(candidate.ast.$cstNode) === data.speakerLine);
    const asnNode = speaker?.ast.$cstNode ? GrammarUtils.findNodeForProperty(speaker.ast.$cstNode, 'asn') : undefined;
    if (declared !== undefined && speaker && asnNode) {
        fixes.push({
            title: `Change the ${speaker.kind} speaker of ${speaker.cluster.name} to AS ${declared} (the router's side)`,
            edits: [TextEdit.replace(asnNode.range, declared)],
            preferred: false
        });
    }
    return fixes;
}

/**
 * `session-collision`: this speaker sources its sessions from the next address of each node
 * (`source address N`), and every node that has no such address gets one, on the network its peer
 * routers are reached on.
 */
export function sessionCollisionFix({ document, model, node }: FixContext): QuickFix[] {
    const speakerNode = node ? AstUtils.getContainerOfType(node, ast.isSpeaker) : undefined;
    const speaker = model.speakers.find((candidate) => candidate.ast === speakerNode);
    if (!speaker?.ast.$cstNode) {
        return [];
    }
    const index = (speaker.source.kind === 'index' ? speaker.source.index : 1) + 1;
    const sourceEdit = sourceSelectorEdit(document, speaker, index);
    if (!sourceEdit) {
        return [];
    }
    const taken = takenAddresses(model);
    const edits: TextEdit[] = [sourceEdit];
    let added = 0;
    for (const member of speaker.nodes) {
        const missing = index - member.addresses.length;
        for (let i = 0; i < missing; i++) {
            const edit = addressEdit(member, speaker, taken);
            if (!edit) {
                return [];
            }
            edits.push(edit);
            added++;
        }
    }
    const addresses = added > 0 ? ` and add ${added} node address${added === 1 ? '' : 'es'}` : '';
    return [
        {
            title: `Source ${speaker.kind} sessions from each node's address ${index} (\`source address ${index}\`)${addresses}`,
            edits,
            preferred: false
        }
    ];
}

function sourceSelectorEdit(document: LangiumDocument, speaker: ModelSpeaker, index: number): TextEdit | undefined {
    const text = `source address ${index}`;
    const existing = speaker.ast.source?.$cstNode;
    if (existing) {
        return TextEdit.replace(existing.range, text);
    }
    const cst = speaker.ast.$cstNode!;
    const peers = GrammarUtils.findNodesForProperty(cst, 'peers');
    const anchor = peers[peers.length - 1] ?? GrammarUtils.findNodeForKeyword(cst, '{');
    if (!anchor) {
        return undefined;
    }
    const close = cst.range.end;
    if (close.line === anchor.range.end.line) {
        return TextEdit.insert(anchor.range.end, ` ${text}`);
    }
    // On a line of its own after the peers line (after any trailing comment), indented like it.
    const line = anchor.range.end.line;
    const lineText = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
    const indent = /^\s*/.exec(lineText)?.[0] ?? '';
    return TextEdit.insert({ line, character: lineText.length }, `\n${indent}${text}`);
}

/** One more address for a speaker node, on the network its peers are reached on, after its last address. */
function addressEdit(member: ModelNode, speaker: ModelSpeaker, taken: Set<string>): TextEdit | undefined {
    const network = peeringNetwork(speaker.peers, member.addresses[0]?.network);
    if (!network?.prefix) {
        return undefined;
    }
    const from = member.addresses[member.addresses.length - 1]?.address ?? parseAddress(speaker.peers[0]?.addresses[0]?.address.text ?? '');
    const free = nextFreeAddress(network.prefix, from, taken);
    const cst = member.ast.$cstNode;
    const lastAddress = member.ast.addresses?.[member.ast.addresses.length - 1]?.$cstNode;
    const anchor = lastAddress ?? (cst ? GrammarUtils.findNodeForKeyword(cst, '{') : undefined);
    if (!free || !anchor) {
        return undefined;
    }
    return TextEdit.insert(anchor.range.end, ` address ${free.text}`);
}

function lineOf(cst: CstNode | undefined): number {
    return (cst?.range.start.line ?? -1) + 1;
}
