/**
 * Name lookup in O(1): every declaration of a file is in one namespace (see BgptopoScopeComputation), so each
 * document gets one map per reference type, built once per parse. Langium's default scope scans the whole
 * symbol list for every reference, which made linking quadratic in the number of declarations. The first
 * declaration of a name wins; a later one is a `name-duplicate` error.
 */
import { AstUtils, DefaultScopeProvider, EMPTY_SCOPE, MapScope, type AstNode, type AstNodeDescription, type ReferenceInfo, type Scope } from 'langium';

export class BgptopoScopeProvider extends DefaultScopeProvider {
    private readonly scopes = new WeakMap<AstNode, Map<string, Scope>>();

    override getScope(context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        const root = document.parseResult.value;
        const symbols = document.localSymbols;
        if (!symbols) {
            return super.getScope(context);
        }
        const referenceType = this.reflection.getReferenceType(context);
        let byType = this.scopes.get(root);
        if (!byType) {
            byType = new Map();
            this.scopes.set(root, byType);
        }
        let scope = byType.get(referenceType);
        if (!scope) {
            const first = new Map<string, AstNodeDescription>();
            for (const description of symbols.getStream(root)) {
                if (!first.has(description.name) && this.reflection.isSubtype(description.type, referenceType)) {
                    first.set(description.name, description);
                }
            }
            scope = new MapScope(first.values(), EMPTY_SCOPE);
            byType.set(referenceType, scope);
        }
        return scope;
    }
}
