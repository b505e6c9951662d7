/**
 * Loads CustomResourceDefinitions from a directory and turns each served version's
 * openAPIV3Schema into a strict JSON Schema for Ajv:
 * - unknown fields are errors: `additionalProperties: false` on every object node that lists
 *   `properties`, unless it has `x-kubernetes-preserve-unknown-fields: true` (the behaviour of
 *   `kubectl apply` with server-side strict field validation, the default since Kubernetes 1.27);
 * - `x-kubernetes-int-or-string: true` accepts an integer or a string;
 * - `nullable: true` also accepts null;
 * - `x-kubernetes-embedded-resource` objects also accept apiVersion/kind/metadata;
 * - other `x-kubernetes-*` extensions are dropped — in particular CEL rules
 *   (`x-kubernetes-validations`) are NOT evaluated.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';

type SchemaNode = Record<string, unknown>;

export interface CrdVersion {
    apiVersion: string;
    kind: string;
    scope: 'Namespaced' | 'Cluster';
    served: boolean;
    deprecated: boolean;
    deprecationWarning?: string;
    /** Strict JSON Schema of the whole object (metadata is checked separately). */
    schema: SchemaNode;
    /** CRD file the schema came from. */
    source: string;
}

const DROPPED_KEYS = new Set(['description', 'example', 'externalDocs', 'nullable']);
const NESTED_SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf']);

/** Converts one structural-schema node (recursively) into a strict JSON Schema node. */
export function toStrictSchema(input: unknown): unknown {
    if (Array.isArray(input)) {
        return input.map(toStrictSchema);
    }
    if (typeof input !== 'object' || input === null) {
        return input;
    }
    const node = input as SchemaNode;
    const out: SchemaNode = {};
    for (const [key, value] of Object.entries(node)) {
        if (DROPPED_KEYS.has(key) || key.startsWith('x-kubernetes-')) {
            continue;
        }
        if (key === 'properties' && typeof value === 'object' && value !== null) {
            out.properties = Object.fromEntries(
                Object.entries(value as SchemaNode).map(([name, sub]) => [name, toStrictSchema(sub)]),
            );
        } else if (NESTED_SCHEMA_KEYS.has(key) && typeof value === 'object' && value !== null) {
            out[key] = toStrictSchema(value);
        } else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) {
            out[key] = value.map(toStrictSchema);
        } else if (key === 'pattern' && typeof value === 'string') {
            out.pattern = jsPattern(value);
        } else {
            out[key] = value;
        }
    }
    if (node['x-kubernetes-int-or-string'] === true) {
        delete out.type;
        if (!out.anyOf) {
            out.anyOf = [{ type: 'integer' }, { type: 'string' }];
        }
    }
    if (node['x-kubernetes-embedded-resource'] === true) {
        const props = (out.properties ?? {}) as SchemaNode;
        out.properties = {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            metadata: { type: 'object' },
            ...props,
        };
    }
    if (node.nullable === true) {
        if (typeof out.type === 'string') {
            out.type = [out.type, 'null'];
        }
        if (Array.isArray(out.enum) && !out.enum.includes(null)) {
            out.enum = [...out.enum, null];
        }
    }
    const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
    if (out.properties && out.additionalProperties === undefined && !preserve) {
        out.additionalProperties = false;
    }
    return out;
}

/**
 * A Go (RE2) pattern as a JavaScript one: a leading `(?i)` (Calico's BGPConfiguration `logSeverityScreen`) becomes
 * case-insensitive letters, `[tT]`, outside character classes. Other patterns are taken as they are.
 */
export function jsPattern(pattern: string): string {
    const flag = /^(\^?)\(\?i\)/.exec(pattern);
    if (!flag) {
        return pattern;
    }
    let out = flag[1];
    let inClass = false;
    const rest = pattern.slice(flag[0].length);
    for (let i = 0; i < rest.length; i++) {
        const c = rest[i];
        if (c === '\\') {
            out += c + (rest[i + 1] ?? '');
            i++;
        } else if (inClass) {
            inClass = c !== ']';
            out += /[A-Za-z]/.test(c) ? c.toLowerCase() + c.toUpperCase() : c;
        } else if (c === '[') {
            inClass = true;
            out += c;
        } else {
            out += /[A-Za-z]/.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
        }
    }
    return out;
}

function asRecord(value: unknown): SchemaNode {
    return typeof value === 'object' && value !== null ? (value as SchemaNode) : {};
}

/** Index of every served version of every CRD in `crdDir` (non-recursive), keyed by `apiVersion|kind`. */
export function loadCrdIndex(crdDir: string): Map<string, CrdVersion> {
    const index = new Map<string, CrdVersion>();
    const files = readdirSync(crdDir).filter((f) => /\.ya?ml$/.test(f)).sort();
    for (const file of files) {
        for (const doc of loadAll(readFileSync(join(crdDir, file), 'utf8'))) {
            const crd = asRecord(doc);
            if (crd.kind !== 'CustomResourceDefinition') {
                continue;
            }
            const spec = asRecord(crd.spec);
            const group = String(spec.group);
            const kind = String(asRecord(spec.names).kind);
            const versions = Array.isArray(spec.versions) ? spec.versions.map(asRecord) : [];
            for (const version of versions) {
                const raw = asRecord(asRecord(version.schema).openAPIV3Schema);
                const schema = toStrictSchema(raw) as SchemaNode;
                // ObjectMeta is validated by checkObjectMeta, not by the CRD's (empty) schema.
                schema.properties = { ...asRecord(schema.properties), metadata: { type: 'object' } };
                schema.required = [...new Set([...(Array.isArray(schema.required) ? schema.required : []), 'apiVersion', 'kind', 'metadata'])];
                const apiVersion = `${group}/${String(version.name)}`;
                index.set(`${apiVersion}|${kind}`, {
                    apiVersion,
                    kind,
                    scope: spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
                    served: version.served !== false,
                    deprecated: version.deprecated === true,
                    deprecationWarning: typeof version.deprecationWarning === 'string' ? version.deprecationWarning : undefined,
                    schema,
                    source: file,
                });
            }
        }
    }
    return index;
}
