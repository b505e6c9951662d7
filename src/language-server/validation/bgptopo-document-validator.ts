/**
 * Langium's built-in diagnostics under the language's stable codes (LANGUAGE.md, "Diagnostics"): lexer and
 * parser errors become `syntax`, unresolved cross-references become `unresolved-reference`, each with the
 * code in both `code` and `data.code` and a message written for people ("Unknown router 'r9'", "'n1' is a
 * node (line 12), but `peers` needs a router") instead of Chevrotain's and the linker's default wording.
 */
import {
    DefaultDocumentValidator,
    isLinkingError,
    type AstNode,
    type LangiumCoreServices,
    type LangiumDocument,
    type ValidationOptions
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ParseResult } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { DiagnosticCode, type BgptopoDiagnosticData } from './diagnostic-codes.js';
import { namedDeclarations } from './declaration-validator.js';
import { describeKind, lineOf } from './validation-report.js';

/** What a reference of each target type expects: a noun, and what counts as one. */
const EXPECTED_KIND: Record<string, { noun: string; members?: string }> = {
    Router: { noun: 'router' },
    Node: { noun: 'node' },
    Network: { noun: 'network' },
    Cluster: { noun: 'cluster' },
    Vip: { noun: 'VIP' },
    Host: { noun: 'host', members: 'router, load balancer or node' },
    Routable: { noun: 'VIP or network' },
    NeighborTarget: { noun: 'router or node' }
};

/** The keyword that introduces each cross-reference, for "… but `peers` needs a router". */
const REFERENCE_KEYWORD: Record<string, string> = {
    'Neighbor.target': 'neighbor',
    'HostAddress.network': 'on',
    'HolderList.cluster': 'holders control-plane of',
    'Holder.host': 'holders',
    'Frontend.cluster': 'control-plane of',
    'Cluster.podNetworks': 'pod-network',
    'Cluster.serviceNetworks': 'service-network',
    'MetallbSpeaker.pools': 'pool',
    'KubeVipSpeaker.servicesPool': 'services pool',
    'Advertisement.network': 'advertise external-ips',
    'Advertisement.to': 'to',
    'MetallbSpeaker.peers': 'peers',
    'CiliumSpeaker.peers': 'peers',
    'KubeVipSpeaker.peers': 'peers',
    'CalicoSpeaker.peers': 'peers',
    'KubeVipSpeaker.vip': 'vip',
    'SelectorItem.node': 'speakers',
    'PeerGroup.routers': 'peer',
    'Advertisement.pool': 'advertise pool',
    'Advertisement.vip': 'advertise vip',
    'WireGuard.network': 'network',
    'WireGuard.members': 'members',
    'WgRoute.target': 'route',
    'WgRoute.via': 'via',
    'AnnounceItem.network': 'announce',
    'AnnounceItem.vip': 'announce vip',
    'AnnounceItem.cluster': 'announce pod-network'
};

/** Token types of the grammar in words, for parser messages. */
const TOKEN_WORDS: Record<string, string> = {
    ID: 'a name',
    INT: 'a number',
    STRING: 'a quoted string',
    IPV4: 'an IPv4 address',
    IPV6: 'an IPv6 address',
    IPV4_PREFIX: 'an IPv4 prefix',
    IPV6_PREFIX: 'an IPv6 prefix',
    ASDOT: 'an asdot ASN',
    DURATION: 'a duration'
};

export class BgptopoDocumentValidator extends DefaultDocumentValidator {
    private readonly reflection: LangiumCoreServices['shared']['AstReflection'];

    constructor(services: LangiumCoreServices) {
        super(services);
        this.reflection = services.shared.AstReflection;
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const produced: Diagnostic[] = [];
        super.processLexingErrors(parseResult, produced, options);
        for (const diagnostic of produced) {
            // Lexer warnings/infos keep Langium's codes; only errors are syntax errors.
            diagnostics.push(isError(diagnostic) ? asSyntax(diagnostic, lexerMessage(diagnostic.message)) : diagnostic);
        }
    }

    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const produced: Diagnostic[] = [];
        super.processParsingErrors(parseResult, produced, options);
        for (const diagnostic of produced) {
            diagnostics.push(asSyntax(diagnostic, parserMessage(diagnostic.message)));
        }
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        let declarations: Map<string, AstNode & { name: string }> | undefined;
        for (const reference of document.references) {
            const error = reference.error;
            if (!error || !isLinkingError(error)) {
                continue;
            }
            const { container, property, index } = error.info;
            const name = reference.$refText;
            let message: string;
            let expected = 'declaration';
            try {
                expected = this.reflection.getReferenceType(error.info);
            } catch {
                // An unknown reference property: keep the generic wording.
            }
            const kind = EXPECTED_KIND[expected] ?? { noun: expected.toLowerCase() };
            if (error.message.startsWith('An error occurred')) {
                message = error.message;
            } else {
                declarations ??= declarationsByName(document);
                const actual = declarations.get(name);
                const keyword = REFERENCE_KEYWORD[`${container.$type}.${property}`];
                const needed = kind.members ? `a ${kind.noun} (a ${kind.members})` : `a ${kind.noun}`;
                message = actual
                    ? `'${name}' is a ${describeKind(actual.$type)} (line ${lineOf(actual)}), but ${keyword ? `\`${keyword}\`` : 'this reference'} needs ${needed}.`
                    : `Unknown ${kind.noun} '${name}': no ${kind.members ?? kind.noun} in this file has that name.`;
            }
            const data: BgptopoDiagnosticData = {
                code: DiagnosticCode.UnresolvedReference,
                containerType: container.$type,
                property,
                refText: name,
                expected
            };
            diagnostics.push(
                this.toDiagnostic('error', message, {
                    node: container,
                    range: reference.$refNode?.range,
                    property,
                    index,
                    code: DiagnosticCode.UnresolvedReference,
                    data
                })
            );
        }
    }
}

function isError(diagnostic: Diagnostic): boolean {
    return (diagnostic.severity ?? 1) === 1;
}

function asSyntax(diagnostic: Diagnostic, message: string): Diagnostic {
    const data: BgptopoDiagnosticData = { code: DiagnosticCode.Syntax };
    return { ...diagnostic, message, code: DiagnosticCode.Syntax, data };
}

function declarationsByName(document: LangiumDocument): Map<string, AstNode & { name: string }> {
    const result = new Map<string, AstNode & { name: string }>();
    const root = document.parseResult.value;
    if (!ast.isTopology(root)) {
        return result;
    }
    for (const node of namedDeclarations(root)) {
        if (node.name && !result.has(node.name)) {
            result.set(node.name, node);
        }
    }
    return result;
}

/** "unexpected character: ->@<- at offset: 5, skipped 1 characters." → "Unexpected character '@'." */
export function lexerMessage(message: string): string {
    const match = /unexpected character: ->(.*)<- at offset/s.exec(message);
    return match ? `Unexpected character '${match[1]}': not part of any token of the language.` : message;
}

/**
 * Chevrotain's messages list token types (`[ID]`, `[IPV4_PREFIX]`) over several lines. Say instead what was
 * expected in words, on one line, and point out a keyword written where a name belongs.
 */
export function parserMessage(message: string): string {
    const found = /but found:? ['`](.*)['`]\.?\s*$/s.exec(message)?.[1];
    const alternatives = /Expecting:? one of these possible Token sequences:\s*([\s\S]*?)\s*but found/.exec(message)?.[1];
    const single = /Expecting token of type '([^']+)'/.exec(message)?.[1];
    let expected: string[] = [];
    if (alternatives) {
        expected = [...alternatives.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1].trim());
    } else if (single) {
        expected = [single];
    } else if (/Expecting: expecting at least one iteration/.test(message)) {
        return message.replace(/\s+/g, ' ').trim();
    }
    if (expected.length === 0 || found === undefined) {
        return message.replace(/\s+/g, ' ').trim();
    }
    const words = [...new Set(expected.map(tokenWords))];
    const foundText = found === '' ? 'the end of the file' : `'${found}'`;
    const wantsName = expected.includes('ID');
    if (wantsName && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(found)) {
        // The keywords that may also be names are names: listing them says nothing more.
        const others = [...new Set(expected.filter((token) => !/^[a-z][a-z0-9-]*$/.test(token)).map(tokenWords))];
        return `'${found}' is a keyword and cannot be used as a name here; expected ${listWords(others)}.`;
    }
    return `Expected ${listWords(words)} but found ${foundText}.`;
}

function tokenWords(sequence: string): string {
    return sequence
        .split(',')
        .map((token) => token.trim())
        .map((token) => TOKEN_WORDS[token] ?? `'${token}'`)
        .join(' ');
}

function listWords(words: string[]): string {
    if (words.length <= 1) {
        return words[0] ?? 'something else';
    }
    const shown = words.length > 8 ? [...words.slice(0, 8), '…'] : words;
    return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
