/** Shared set-up of the rendering tests: models from text or the examples, and deterministic options. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopologyModel } from '../../src/model/index.js';
import { renderTopology } from '../../src/render/render-topology.js';
import type { RenderOptions, RenderResult } from '../../src/render/render-types.js';
import { createTemplateLoader } from '../../src/node/template-loader-fs.js';
import { bgptopo, summary, validate } from '../support/bgptopo-test-services.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const EXAMPLES = join(ROOT, 'examples');
export const FIXED_EXAMPLES = ['seed-kubevip-cilium-fixed', 'seed-metallb-frr-ha-fixed'] as const;

/** The lowered model of `text`; fails when the text has errors (renderers assume a valid model). */
export async function modelOf(text: string, options: { allowErrors?: boolean } = {}): Promise<TopologyModel> {
    const document = await validate(text);
    const errors = (document.diagnostics ?? []).filter((d) => d.severity === 1);
    if (errors.length > 0 && !options.allowErrors) {
        throw new Error(`topology has errors:\n${summary(document)}`);
    }
    return bgptopo.topology.TopologyCache.forDocument(document);
}

export function exampleText(name: string): string {
    return readFileSync(join(EXAMPLES, `${name}.bgptopo`), 'utf8');
}

/** A well-formed, deterministic WireGuard public key per host (32 bytes of SHA-256, base64). */
export function fakePublicKey(host: string): string {
    return createHash('sha256').update(`bgptopo-test-key:${host}`).digest('base64');
}

export const templates = createTemplateLoader();

export function testOptions(extra: Partial<RenderOptions> = {}): RenderOptions {
    return { templates, publicKeys: fakePublicKey, ...extra };
}

export async function renderText(text: string, extra: Partial<RenderOptions> = {}): Promise<RenderResult> {
    return renderTopology(await modelOf(text), testOptions(extra));
}

export async function renderExample(name: string, extra: Partial<RenderOptions> = {}): Promise<RenderResult> {
    return renderText(exampleText(name), extra);
}
