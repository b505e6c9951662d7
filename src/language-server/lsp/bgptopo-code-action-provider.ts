/**
 * Quick fixes, keyed on the stable diagnostic code in `diagnostic.data.code` (validation/diagnostic-codes.ts).
 * Each fix is computed from the document's lowered model and returned as a WorkspaceEdit; a fix is marked
 * preferred when it is the one obvious repair (the network address for host bits, the next free
 * address / VRID / ASN), and not when the user has to choose (which speaker moves, which side of a peering
 * changes).
 */
import { CstUtils, type LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { Topology } from '../../language/generated/ast.js';
import type { BgptopoServices } from '../bgptopo-module.js';
import type { BgptopoTopologyCache } from '../bgptopo-topology-cache.js';
import { DiagnosticCode } from '../validation/diagnostic-codes.js';
import {
    addressFix,
    asnFix,
    cidrHostBitsFix,
    peerAsnMismatchFixes,
    secretFix,
    sessionCollisionFix,
    vridFix,
    type FixContext,
    type QuickFix
} from './bgptopo-quick-fixes.js';
import { announceUnsourcedFix, ibgpNoReflectionFix, peerOptionConflictFix, routerNeighborRemoteAsFix } from './bgptopo-quick-fixes-routers.js';
import { selectorEmptyFix, sessionDuplicateFix, vrrpTopPriorityFix } from './bgptopo-quick-fixes-v2.js';
import { localPrefEbgpFix, poolUnadvertisedFix } from './bgptopo-quick-fixes-advertise.js';
import { nearMissNameFixes } from './bgptopo-quick-fixes-names.js';

type FixFactory = (context: FixContext) => QuickFix[];

const FIXES: Partial<Record<string, FixFactory>> = {
    [DiagnosticCode.UnresolvedReference]: nearMissNameFixes,
    [DiagnosticCode.CidrHostBits]: cidrHostBitsFix,
    [DiagnosticCode.AddressDuplicate]: addressFix,
    [DiagnosticCode.VrrpVridDuplicate]: vridFix,
    [DiagnosticCode.AsnReserved]: asnFix,
    [DiagnosticCode.AsnDocumentation]: asnFix,
    [DiagnosticCode.SessionCollision]: sessionCollisionFix,
    [DiagnosticCode.PeerAsnMismatch]: peerAsnMismatchFixes,
    [DiagnosticCode.SecretInSource]: secretFix,
    [DiagnosticCode.SessionDuplicate]: sessionDuplicateFix,
    [DiagnosticCode.SelectorEmpty]: selectorEmptyFix,
    [DiagnosticCode.VrrpPriority]: vrrpTopPriorityFix,
    [DiagnosticCode.PeerOptionConflict]: peerOptionConflictFix,
    [DiagnosticCode.IbgpNoReflection]: ibgpNoReflectionFix,
    [DiagnosticCode.AnnounceUnsourced]: announceUnsourcedFix,
    [DiagnosticCode.OptionUnsupported]: routerNeighborRemoteAsFix,
    [DiagnosticCode.LocalPrefEbgp]: localPrefEbgpFix,
    [DiagnosticCode.PoolUnadvertised]: poolUnadvertisedFix
};

export class BgptopoCodeActionProvider implements CodeActionProvider {
    private readonly cache: BgptopoTopologyCache;

    constructor(services: BgptopoServices) {
        this.cache = services.topology.TopologyCache;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): CodeAction[] {
        const root = document.parseResult.value as Topology;
        const model = this.cache.get(root);
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const code = (diagnostic.data as { code?: string } | undefined)?.code ?? (typeof diagnostic.code === 'string' ? diagnostic.code : undefined);
            const factory = code ? FIXES[code] : undefined;
            if (!factory || !root.$cstNode) {
                continue;
            }
            const leaf = CstUtils.findLeafNodeAtOffset(root.$cstNode, document.textDocument.offsetAt(diagnostic.range.start));
            for (const fix of factory({ document, model, diagnostic, node: leaf?.astNode })) {
                actions.push(toCodeAction(document, diagnostic, fix));
            }
        }
        return actions;
    }
}

function toCodeAction(document: LangiumDocument, diagnostic: Diagnostic, fix: QuickFix): CodeAction {
    const edits: TextEdit[] = fix.edits;
    return {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred || undefined,
        edit: { changes: { [document.textDocument.uri]: edits } }
    };
}
