/**
 * Validate ⇒ render (LANGUAGE-V2, rule 2): every document without an error renders, and every render refusal is
 * preceded by a validation error — over the examples, the render corpus, the diagnostic fixtures, generated rack
 * topologies (selectors, groups, families, options drawn from a seed) and mutants of those. Each document is built
 * on its own (deleted after use) and rendered with a secret for every name and a key for every host, so that a
 * refusal can only come from the topology itself.
 *
 * Reproduce with PROPERTY_SEED=<seed>; scale with PROPERTY_COUNT=<generated documents> (default 200).
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { afterAll, describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createBgptopoServices } from '../../src/language-server/bgptopo-module.js';
import type { Topology } from '../../src/language/generated/ast.js';
import { renderTopology } from '../../src/render/render-topology.js';
import { RenderError, RenderErrors } from '../../src/render/render-types.js';
import { FuzzPipeline } from '../fuzz/fuzz-harness.js';
import { testSecret } from '../render/render-corpus.js';
import { testOptions } from '../render/render-fixtures.js';
import { codeOf } from '../support/bgptopo-test-services.js';
import { corpusDocuments, fuzzMutants, generatedDocuments, semanticMutants, type PropertyDocument } from './validate-render-corpus.js';

const SEED = Number(process.env.PROPERTY_SEED ?? 20240615) >>> 0;
const COUNT = Number(process.env.PROPERTY_COUNT ?? 200);

interface Outcome {
    readonly document: PropertyDocument;
    readonly errors: Diagnostic[];
    /** What render threw, if it did (RenderErrors are split into their parts). */
    readonly refusals: Error[];
}

const services = createBgptopoServices(EmptyFileSystem);
let counter = 0;

async function check(document: PropertyDocument): Promise<Outcome> {
    const workspace = services.shared.workspace;
    const uri = URI.parse(`file:///property/doc-${++counter}.bgptopo`);
    const built: LangiumDocument<Topology> = workspace.LangiumDocumentFactory.fromString<Topology>(document.text, uri);
    workspace.LangiumDocuments.addDocument(built);
    try {
        await workspace.DocumentBuilder.build([built], { validation: true });
        const errors = (built.diagnostics ?? []).filter((diagnostic) => diagnostic.severity === 1);
        const refusals: Error[] = [];
        try {
            const model = services.Bgptopo.topology.TopologyCache.forDocument(built);
            renderTopology(model, testOptions({ secrets: testSecret }));
        } catch (error) {
            const thrown = error instanceof Error ? error : new Error(String(error));
            refusals.push(...(thrown instanceof RenderErrors ? thrown.errors : [thrown]));
        }
        return { document, errors, refusals };
    } finally {
        await workspace.DocumentBuilder.update([], [uri]);
    }
}

function describeOutcome(outcome: Outcome): string {
    const errors = outcome.errors.map((d) => `${d.range.start.line + 1}: ${codeOf(d) ?? '?'} ${d.message}`).join('; ') || 'no error';
    return `${outcome.document.name}: ${errors} | render: ${outcome.refusals.map((e) => `${e.name}: ${e.message}`).join('; ')}`;
}

describe(`validate ⇒ render (PROPERTY_SEED=${SEED}, ${COUNT} generated documents)`, () => {
    const corpus = corpusDocuments();
    const generated = generatedDocuments(SEED, COUNT);
    const semantic = semanticMutants(generated, SEED + 1, Math.ceil(COUNT / 2));
    const fuzzed = fuzzMutants(generated, SEED + 2, Math.ceil(COUNT / 4), new FuzzPipeline().keywords());
    const outcomes = new Map<PropertyDocument['kind'], Outcome[]>();
    const run = async (kind: PropertyDocument['kind'], documents: PropertyDocument[]): Promise<Outcome[]> => {
        const results: Outcome[] = [];
        for (const document of documents) {
            results.push(await check(document));
        }
        outcomes.set(kind, results);
        return results;
    };

    test.each([
        ['corpus', corpus],
        ['generated', generated],
        ['semantic-mutant', semantic],
        ['fuzz-mutant', fuzzed]
    ] as const)('%s: a document without errors renders; a render refusal follows a validation error', async (kind, documents) => {
        const results = await run(kind, [...documents]);
        expect(results).toHaveLength(documents.length);
        // A document that validates renders.
        expect(results.filter((outcome) => outcome.errors.length === 0 && outcome.refusals.length > 0).map(describeOutcome)).toEqual([]);
        // Render never refuses what validation let through (the same property seen from the refusals).
        for (const outcome of results.filter((result) => result.refusals.length > 0)) {
            expect(outcome.errors.length, describeOutcome(outcome)).toBeGreaterThan(0);
        }
    }, 120_000);

    test('the generated documents are mostly valid, and their mutants do raise errors that render refuses', () => {
        const valid = (kind: PropertyDocument['kind']): number => (outcomes.get(kind) ?? []).filter((outcome) => outcome.errors.length === 0).length;
        const refused = (kind: PropertyDocument['kind']): number => (outcomes.get(kind) ?? []).filter((outcome) => outcome.refusals.length > 0).length;
        // Without valid documents the first half of the property would hold vacuously; without refusals the second.
        expect(valid('generated')).toBeGreaterThan(COUNT / 2);
        expect(valid('corpus')).toBeGreaterThan(5);
        expect((outcomes.get('semantic-mutant') ?? []).length - valid('semantic-mutant')).toBeGreaterThan(COUNT / 10);
        expect(refused('semantic-mutant') + refused('fuzz-mutant') + refused('corpus')).toBeGreaterThan(0);
    });

    afterAll(() => {
        const lines = [...outcomes].map(([kind, results]) => {
            const valid = results.filter((outcome) => outcome.errors.length === 0).length;
            const refused = results.filter((outcome) => outcome.refusals.length > 0).length;
            const renderErrors = results.filter((outcome) => outcome.refusals.some((error) => error instanceof RenderError)).length;
            return `${kind}: ${results.length} documents, ${valid} without errors (all rendered), ${refused} refused by render (${renderErrors} with a RenderError)`;
        });
        console.log(`validate ⇒ render, seed ${SEED}:\n  ${lines.join('\n  ')}`);
    });
});
