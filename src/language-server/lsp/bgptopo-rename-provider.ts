/**
 * Rename: Langium's default renames the declaration and every reference (the scope computation puts every
 * declaration of a file, nodes included, into one namespace). This adds the checks a rename must pass
 * first: the new name is a valid Name (LANGUAGE.md "Lexical": not a keyword, except the role words) that the
 * validator would accept for that declaration (`name-invalid`, `interface-invalid` for a WireGuard mesh) and
 * no other declaration of the file has it. A refused rename answers with an error the editor shows.
 */
import { AstUtils, CstUtils, GrammarAST, type AstNode, type Grammar, type LangiumDocument } from 'langium';
import { DefaultRenameProvider } from 'langium/lsp';
import { LSPErrorCodes, ResponseError, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';
import { isNode, isWireGuard, type Topology } from '../../language/generated/ast.js';
import { declarationNameProblem, interfaceNameProblem, kubernetesNodeNameProblem } from '../../model/value-syntax.js';
import { namedDeclarations } from '../validation/declaration-validator.js';
import type { BgptopoServices } from '../bgptopo-module.js';

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Role words are keywords that may also name things. */
const ROLE_WORDS = new Set(['underlay', 'vpn', 'pod', 'service', 'management', 'loadbalancer']);

export class BgptopoRenameProvider extends DefaultRenameProvider {
    private readonly keywords: Set<string>;

    constructor(services: BgptopoServices) {
        super(services);
        this.keywords = reservedWords(services.Grammar);
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const problem = this.checkNewName(document, params);
        if (problem) {
            throw new ResponseError(LSPErrorCodes.RequestFailed, problem);
        }
        return super.rename(document, params);
    }

    /** Why `params.newName` cannot be used for the declaration at `params.position`, or undefined. */
    checkNewName(document: LangiumDocument, params: RenameParams): string | undefined {
        const { newName } = params;
        if (!NAME_PATTERN.test(newName)) {
            return `'${newName}' is not a valid name: use letters, digits, '_' and '-', starting with a letter or '_'.`;
        }
        if (this.keywords.has(newName)) {
            return `'${newName}' is a keyword and cannot be a name.`;
        }
        const target = this.targetAt(document, params);
        const rule = isNode(target) ? kubernetesNodeNameProblem : isWireGuard(target) ? interfaceNameProblem : declarationNameProblem;
        const syntax = rule(newName);
        if (syntax) {
            return `'${newName}' is not a valid name here: ${syntax}.`;
        }
        if (!target) {
            return undefined;
        }
        const clash = [...namedDeclarations(document.parseResult.value as Topology)].find(
            (declaration) => declaration !== target && declaration.name === newName
        );
        if (clash) {
            return `'${newName}' is already the name of ${clash.$type.toLowerCase()} on line ${(clash.$cstNode?.range.start.line ?? 0) + 1}; every declaration in a file needs its own name.`;
        }
        return undefined;
    }

    private targetAt(document: LangiumDocument, params: RenameParams): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), this.grammarConfig.nameRegexp);
        return leaf ? this.references.findDeclarations(leaf)[0] : undefined;
    }
}

function reservedWords(grammar: Grammar): Set<string> {
    const words = new Set<string>();
    for (const node of AstUtils.streamAllContents(grammar)) {
        if (GrammarAST.isKeyword(node) && NAME_PATTERN.test(node.value) && !ROLE_WORDS.has(node.value)) {
            words.add(node.value);
        }
    }
    return words;
}
