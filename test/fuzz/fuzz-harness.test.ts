/** The fuzz harness itself: it must notice a throwing check, and the minimiser must shrink to the cause. */
import { describe, expect, test } from 'vitest';
import type { Network } from '../../src/language/generated/ast.js';
import { FuzzPipeline } from './fuzz-harness.js';
import { minimise } from './fuzz-minimise.js';
import { mutate, tokenize } from './fuzz-mutations.js';

const TEXT = `topology t
network fabric 10.0.0.0/16
network boom 10.1.0.0/16
router r1 { asn 65000 address 10.0.0.1 }
`;

describe('fuzz harness', () => {
    const pipeline = new FuzzPipeline();
    // A deliberately broken check, on this pipeline's own services only.
    pipeline.services.Bgptopo.validation.ValidationRegistry.register({
        Network: (node: Network) => {
            if (node.name === 'boom') {
                throw new Error('deliberate failure');
            }
        }
    });

    test('a check that throws is reported, and the document is released', async () => {
        const result = await pipeline.run(TEXT);
        expect(result.problems.map((problem) => problem.kind)).toContain('check-threw');
        expect(result.problems[0].message).toContain('deliberate failure');
        expect(pipeline.heldDocuments()).toBe(0);
        expect((await pipeline.run(TEXT.replace('boom', 'calm'))).problems).toEqual([]);
    });

    test('the minimiser keeps only what makes it fail', async () => {
        const minimal = await minimise(TEXT, async (candidate) => (await pipeline.run(candidate)).problems.length > 0);
        expect(minimal.length).toBeLessThan(30);
        expect(minimal).toMatch(/network\s*boom/);
    });

    test('mutations are reproducible from their seed and tokenising is lossless', () => {
        expect(tokenize(TEXT).join('')).toBe(TEXT);
        const keywords = pipeline.keywords();
        expect(mutate(TEXT, 42, keywords)).toEqual(mutate(TEXT, 42, keywords));
        const variants = new Set(Array.from({ length: 50 }, (_, seed) => mutate(TEXT, seed, keywords).text));
        expect(variants.size).toBeGreaterThan(40);
    });
});
