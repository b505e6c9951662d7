/**
 * The topology model as plain JSON, so that the language server, which builds each document once, can hand
 * the model to the extension host for the operational commands (render all, deploy, verify) without a second
 * Langium build there.
 *
 * The model is a graph (sessions point at routers, routers at their sessions) holding AST nodes that point
 * at their parse tree. The encoding numbers every object once and refers to it by number, so shared objects
 * stay shared and cycles survive; bigints (addresses) are tagged. An AST node keeps its `$type`, its
 * properties and its cross-references (`{ $refText, ref }`), and its parse tree becomes a {@link CstStub}:
 * the node's range and the ranges of each of its properties, which is all that finding a line needs.
 * Containers and the document are dropped.
 */
import { GrammarUtils, type AstNode, type CstNode } from 'langium';
import type { TopologyModel } from './topology-model.js';

export interface TextPosition {
    readonly line: number;
    readonly character: number;
}

export interface TextRange {
    readonly start: TextPosition;
    readonly end: TextPosition;
}

/** What a transported AST node keeps of its parse tree. */
export interface CstStub {
    readonly offset: number;
    readonly end: number;
    readonly range: TextRange;
    /** The ranges of the node's properties in the text, one per value (as `findNodesForProperty`). */
    readonly properties: Readonly<Record<string, readonly { readonly range: TextRange }[]>>;
}

export interface EncodedTopologyModel {
    /** Every object of the model, by number; the model itself is object 0. */
    readonly objects: readonly Record<string, unknown>[];
}

const DROPPED_AST_KEYS = new Set(['$container', '$containerProperty', '$containerIndex', '$document', '$cstNode']);

function isAstNode(value: object): value is AstNode {
    return typeof (value as { $type?: unknown }).$type === 'string' && '$cstNode' in value;
}

function isReference(value: object): value is { $refText: string; ref: unknown } {
    return '$refText' in value && 'ref' in value;
}

function plainRange(range: TextRange): TextRange {
    return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

function cstStub(node: AstNode, cst: CstNode): CstStub {
    const properties: Record<string, { range: TextRange }[]> = {};
    for (const key of Object.keys(node)) {
        if (!key.startsWith('$')) {
            const found = GrammarUtils.findNodesForProperty(cst, key);
            if (found.length > 0) {
                properties[key] = found.map((child) => ({ range: plainRange(child.range) }));
            }
        }
    }
    return { offset: cst.offset, end: cst.end, range: plainRange(cst.range), properties };
}

/** The model as JSON-safe data (see the file comment). */
export function encodeTopologyModel(model: TopologyModel): EncodedTopologyModel {
    const ids = new Map<object, number>();
    const pending: object[] = [];
    const objects: Record<string, unknown>[] = [];
    const encode = (value: unknown): unknown => {
        if (typeof value === 'bigint') {
            return { $bigint: value.toString() };
        }
        if (typeof value === 'function' || typeof value !== 'object' || value === null) {
            return typeof value === 'function' ? undefined : value;
        }
        if (Array.isArray(value)) {
            return value.map(encode);
        }
        if (value instanceof Map) {
            // A Map (a node's labels) as its entries: Object.keys would lose them.
            return { $map: [...value].map(([key, entry]) => [encode(key), encode(entry)]) };
        }
        let id = ids.get(value);
        if (id === undefined) {
            id = pending.length;
            ids.set(value, id);
            pending.push(value);
        }
        return { $ref: id };
    };
    encode(model);
    // Breadth first over a work list: a deep chain of references cannot overflow the stack.
    for (let id = 0; id < pending.length; id++) {
        const value = pending[id] as Record<string, unknown> & AstNode;
        const encoded: Record<string, unknown> = {};
        if (isReference(value)) {
            encoded.$refText = value.$refText;
            encoded.ref = encode(value.ref);
        } else {
            const ast = isAstNode(value);
            for (const key of Object.keys(value)) {
                if (!(ast && DROPPED_AST_KEYS.has(key))) {
                    encoded[key] = encode(value[key]);
                }
            }
            const cst = ast ? value.$cstNode : undefined;
            if (cst) {
                encoded.$cstNode = cstStub(value, cst);
            }
        }
        objects[id] = encoded;
    }
    return { objects };
}

/** The model back from {@link encodeTopologyModel}'s data: the same graph, AST nodes as stubs. */
export function decodeTopologyModel(encoded: EncodedTopologyModel): TopologyModel {
    const objects = encoded.objects.map(() => ({}) as Record<string, unknown>);
    const decode = (value: unknown): unknown => {
        if (Array.isArray(value)) {
            return value.map(decode);
        }
        if (typeof value === 'object' && value !== null) {
            if ('$ref' in value) {
                return objects[(value as { $ref: number }).$ref];
            }
            if ('$bigint' in value) {
                return BigInt((value as { $bigint: string }).$bigint);
            }
            if ('$map' in value) {
                return new Map((value as { $map: Array<[unknown, unknown]> }).$map.map(([key, entry]) => [decode(key), decode(entry)]));
            }
        }
        return value;
    };
    encoded.objects.forEach((source, id) => {
        const target = objects[id];
        for (const [key, value] of Object.entries(source)) {
            // A CST stub is plain data: kept as it is.
            target[key] = key === '$cstNode' ? value : decode(value);
        }
    });
    return objects[0] as unknown as TopologyModel;
}

/**
 * Where a property of an AST node is in the text (its `index`-th value for a list), on a parsed AST node
 * and on a transported one alike.
 */
export function propertyRange(node: AstNode | undefined, property: string, index = 0): { readonly range: TextRange } | undefined {
    const cst = node?.$cstNode as CstNode | CstStub | undefined;
    if (!cst) {
        return undefined;
    }
    if ('properties' in cst && !('astNode' in cst)) {
        return cst.properties[property]?.[index];
    }
    return GrammarUtils.findNodeForProperty(cst as CstNode, property, index);
}
