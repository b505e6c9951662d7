/**
 * Offline check of rendered Kubernetes manifests (multi-document YAML):
 * - custom resources against the upstream CRDs in schemas/crds (see manifest-crd-schemas.ts):
 *   types, enums, min/max, patterns, required fields, and unknown fields as errors;
 * - a few core kinds against small built-in schemas (manifest-core-kinds.ts);
 * - ObjectMeta of every document (name syntax, label values are strings, no unknown keys);
 * - warnings for deprecated CRD versions and namespace/scope mismatches.
 * A document whose apiVersion/kind is known to neither is an error (a renderer emitting it is
 * unchecked), unless `allowUnknownKinds` is set.
 * Not checked: CEL rules, admission webhooks (e.g. MetalLB's), defaulting, cross-object references.
 */
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { CheckResult } from './check-result.js';
import { CORE_KINDS, checkObjectMeta } from './manifest-core-kinds.js';
import { type CrdVersion, loadCrdIndex } from './manifest-crd-schemas.js';
import { type FieldPath, type YamlDocument, formatPath, locatePath, splitYamlDocuments } from './manifest-yaml.js';

/** schemas/crds of this repository. */
export const DEFAULT_CRD_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schemas', 'crds');

const TOOL = 'manifest schema check (ajv + CRD openAPIV3Schema)';

export interface ManifestCheckOptions {
    /** Report documents without a schema as warnings instead of errors. */
    allowUnknownKinds?: boolean;
}

interface KindSchema {
    validate: ValidateFunction;
    crd?: CrdVersion;
    namespaced: boolean;
}

const indexes = new Map<string, Map<string, KindSchema>>();

function createAjv(): Ajv {
    const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
    // Formats appearing in the CRDs; the API server validates these (int32/int64 are type hints).
    ajv.addFormat('int32', { type: 'number', validate: () => true });
    ajv.addFormat('int64', { type: 'number', validate: () => true });
    ajv.addFormat('ipv4', (s: string) => isIP(s) === 4);
    ajv.addFormat('ipv6', (s: string) => isIP(s) === 6);
    ajv.addFormat('cidr', (s: string) => isCidr(s));
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/);
    return ajv;
}

function isCidr(text: string): boolean {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
    if (!m) {
        return false;
    }
    const family = isIP(m[1]);
    return family !== 0 && Number(m[2]) <= (family === 4 ? 32 : 128);
}

function schemasFor(crdDir: string): Map<string, KindSchema> {
    let index = indexes.get(crdDir);
    if (!index) {
        const ajv = createAjv();
        index = new Map();
        for (const [key, crd] of loadCrdIndex(crdDir)) {
            index.set(key, { validate: ajv.compile(crd.schema), crd, namespaced: crd.scope === 'Namespaced' });
        }
        for (const core of CORE_KINDS) {
            index.set(`${core.apiVersion}|${core.kind}`, { validate: ajv.compile(core.schema), namespaced: core.namespaced });
        }
        indexes.set(crdDir, index);
    }
    return index;
}

function pointerToPath(pointer: string): Array<string | number> {
    if (pointer === '') {
        return [];
    }
    return pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: FieldPath): unknown {
    return path.reduce<unknown>((node, seg) => (node === null || typeof node !== 'object' ? undefined : (node as Record<string | number, unknown>)[seg]), root);
}

function short(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Ajv error -> (path, message) in kubectl-like words. */
function describeAjvError(error: ErrorObject, doc: unknown): { path: Array<string | number>; message: string } {
    const path = pointerToPath(error.instancePath);
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
        case 'additionalProperties':
            return { path: [...path, String(params.additionalProperty)], message: 'unknown field' };
        case 'required':
            return { path: [...path, String(params.missingProperty)], message: 'required field missing' };
        case 'enum':
            return {
                path,
                message: `${short(valueAt(doc, path))} is not one of ${(params.allowedValues as unknown[]).map(short).join(', ')}`,
            };
        default:
            return { path, message: `${short(valueAt(doc, path))} ${error.message ?? error.keyword}` };
    }
}

function label(doc: YamlDocument): string {
    const value = doc.value as Record<string, unknown> | undefined;
    const meta = value?.metadata as Record<string, unknown> | undefined;
    const kind = typeof value?.kind === 'string' ? value.kind : '?';
    const name = typeof meta?.name === 'string' ? meta.name : '?';
    return `doc#${doc.index} ${kind}/${name}`;
}

/**
 * Validates every document of `yamlText`. `crdDir` defaults to this repository's schemas/crds.
 * Errors read "line L: doc#N Kind/name: path: message" (L = best-effort line in yamlText).
 */
export async function checkManifest(yamlText: string, crdDir: string = DEFAULT_CRD_DIR, options: ManifestCheckOptions = {}): Promise<CheckResult> {
    const schemas = schemasFor(crdDir);
    const errors: string[] = [];
    const warnings: string[] = [];
    const docs = splitYamlDocuments(yamlText);
    for (const doc of docs) {
        if (doc.parseError) {
            errors.push(`line ${doc.parseError.line}: doc#${doc.index}: invalid YAML: ${doc.parseError.message}`);
            continue;
        }
        const where = (path: FieldPath) => `line ${locatePath(doc, path)}: ${label(doc)}: ${formatPath(path)}`;
        const value = doc.value;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            errors.push(`line ${doc.startLine}: doc#${doc.index}: a manifest must be a mapping`);
            continue;
        }
        const { apiVersion, kind } = value as Record<string, unknown>;
        const schema = schemas.get(`${String(apiVersion)}|${String(kind)}`);
        if (!schema) {
            const known = [...schemas.keys()].filter((k) => k.endsWith(`|${String(kind)}`)).map((k) => k.split('|')[0]);
            const message = `${where([])}: no schema for apiVersion ${short(apiVersion)} kind ${short(kind)}` +
                (known.length > 0 ? ` (known versions: ${known.join(', ')})` : '');
            (options.allowUnknownKinds ? warnings : errors).push(message);
            continue;
        }
        if (schema.crd && !schema.crd.served) {
            errors.push(`${where(['apiVersion'])}: ${schema.crd.apiVersion} is not served by the CRD`);
        }
        if (schema.crd?.deprecated) {
            warnings.push(`${where(['apiVersion'])}: ${schema.crd.apiVersion} ${schema.crd.kind} is deprecated` +
                (schema.crd.deprecationWarning ? ` (${schema.crd.deprecationWarning})` : ''));
        }
        for (const problem of checkObjectMeta((value as Record<string, unknown>).metadata)) {
            errors.push(`${where(problem.path)}: ${problem.message}`);
        }
        const namespace = ((value as Record<string, unknown>).metadata as Record<string, unknown> | undefined)?.namespace;
        if (schema.namespaced && namespace === undefined) {
            warnings.push(`${where(['metadata'])}: namespaced kind without metadata.namespace (lands in kubectl's current namespace)`);
        } else if (!schema.namespaced && namespace !== undefined) {
            warnings.push(`${where(['metadata', 'namespace'])}: cluster-scoped kind has a namespace (ignored)`);
        }
        if (!schema.validate(value)) {
            const seen = new Set<string>();
            for (const error of schema.validate.errors ?? []) {
                const { path, message } = describeAjvError(error, value);
                const text = `${where(path)}: ${message}`;
                if (!seen.has(text)) {
                    seen.add(text);
                    errors.push(text);
                }
            }
        }
    }
    if (docs.length === 0) {
        errors.push('no YAML documents');
    }
    return {
        ok: errors.length === 0,
        tool: TOOL,
        exitCode: errors.length === 0 ? 0 : 1,
        stdout: '',
        stderr: '',
        errors,
        warnings,
    };
}
