/**
 * Quick fixes of the LANGUAGE-V2 §7 diagnostics: `local-pref-ebgp` → remove the `local-pref`; `pool-unadvertised`
 * → advertise the pool (preferred), or take it out of `pool`.
 */
import { AstUtils, GrammarUtils } from 'langium';
import { TextEdit, type Range } from 'vscode-languageserver';
import * as ast from '../../language/generated/ast.js';
import type { FixContext, QuickFix } from './bgptopo-quick-fixes.js';

/** `local-pref-ebgp`: delete `local-pref N` from the advertisement's options. */
export function localPrefEbgpFix({ node }: FixContext): QuickFix[] {
    const advertisement = node ? AstUtils.getContainerOfType(node, ast.isAdvertisement) : undefined;
    const cst = advertisement?.$cstNode;
    const keyword = cst ? GrammarUtils.findNodeForKeyword(cst, 'local-pref') : undefined;
    const value = cst ? GrammarUtils.findNodeForProperty(cst, 'localPref') : undefined;
    if (!keyword || !value) {
        return [];
    }
    return [{ title: 'Remove the local-pref (eBGP does not carry it)', edits: [TextEdit.del({ start: keyword.range.start, end: value.range.end })], preferred: true }];
}

/** `pool-unadvertised`: add `pool NAME` to the block's `advertise` list, or remove the pool from `pool`. */
export function poolUnadvertisedFix({ diagnostic, node }: FixContext): QuickFix[] {
    const pool = (diagnostic.data as { pool?: unknown } | undefined)?.pool;
    const speaker = node ? AstUtils.getContainerOfType(node, ast.isMetallbSpeaker) : undefined;
    if (typeof pool !== 'string' || !speaker) {
        return [];
    }
    const fixes: QuickFix[] = [];
    const last = (speaker.advertise ?? []).at(-1)?.$cstNode;
    if (last) {
        fixes.push({ title: `Advertise pool ${pool} to every peer`, edits: [TextEdit.insert(last.range.end, `, pool ${pool}`)], preferred: true });
    }
    const refs = speaker.pools ?? [];
    const index = refs.findIndex((ref) => ref.$refText === pool);
    if (index >= 0 && refs.length > 1) {
        // Remove "P, " (or ", P" for the last one) so that the list stays well-formed.
        const range: Range =
            index < refs.length - 1
                ? { start: refs[index].$refNode!.range.start, end: refs[index + 1].$refNode!.range.start }
                : { start: refs[index - 1].$refNode!.range.end, end: refs[index].$refNode!.range.end };
        fixes.push({ title: `Remove ${pool} from this block's pools`, edits: [TextEdit.del(range)], preferred: false });
    }
    return fixes;
}
