/**
 * Every declaration of a file shares one namespace, nodes inside clusters included, and files do not see
 * each other's names (LANGUAGE.md, "Lexical"). So nothing is exported to the global scope and every named
 * declaration is visible from the whole document.
 */
import { DefaultScopeComputation, type AstNode, type AstNodeDescription, type LangiumDocument, type MultiMap } from 'langium';

export class BgptopoScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(): Promise<AstNodeDescription[]> {
        return [];
    }

    protected override addLocalSymbol(node: AstNode, document: LangiumDocument, symbols: MultiMap<AstNode, AstNodeDescription>): void {
        const root = document.parseResult.value;
        if (node === root) {
            return;
        }
        const name = this.nameProvider.getName(node);
        if (name) {
            symbols.add(root, this.descriptions.createDescription(node, name, document));
        }
    }
}
