/** The synthetic topology generator used by the benchmarks and the fuzzer: deterministic and diagnostic-free. */
import { describe, expect, test } from 'vitest';
import { completionPosition, editPosition, generateTopology } from '../../bench/topology-generator.js';
import { services, summary, validate } from '../support/bgptopo-test-services.js';

describe('topology generator', () => {
    test('is deterministic for a seed and varies with the seed', () => {
        const a = generateTopology({ nodes: 100, seed: 7 }).text;
        expect(generateTopology({ nodes: 100, seed: 7 }).text).toBe(a);
        expect(generateTopology({ nodes: 100, seed: 8 }).text).not.toBe(a);
    });

    test.each([100, 1000])('%i nodes validate with no diagnostics and lower to a full model', async (nodes) => {
        const generated = generateTopology({ nodes });
        const document = await validate(generated.text);
        expect(document.parseResult.lexerErrors).toEqual([]);
        expect(document.parseResult.parserErrors).toEqual([]);
        expect(summary(document)).toBe('');
        const model = services.Bgptopo.topology.TopologyCache.forDocument(document);
        expect(model.nodes).toHaveLength(nodes);
        expect(model.clusters).toHaveLength(generated.clusters);
        expect(model.routers).toHaveLength(generated.routers);
        // Every speaker session is on-link and none collides (the checks above would say so, this says why).
        expect(model.sessions.length).toBeGreaterThan(nodes);
        expect(model.sessions.every((session) => session.singleHop)).toBe(true);
        expect(model.wireguards[0].members.every((member) => member.address !== undefined)).toBe(true);
    });

    test('5,000 nodes fit the address plan', () => {
        const generated = generateTopology({ nodes: 5000 });
        expect(generated.clusters).toBe(10);
        expect(generated.text.match(/^ {2}node /gm)).toHaveLength(5000);
    });

    test('edit and completion positions point where the benchmarks expect', () => {
        const { text } = generateTopology({ nodes: 1000 });
        const edit = editPosition(text);
        expect(text.slice(edit.offset - 5, edit.offset + 3)).toBe('hold 90s');
        const lines = text.split('\n');
        expect(lines[edit.line][edit.character]).toBe('9');
        const completion = completionPosition(text);
        expect(lines[completion.line].slice(0, completion.character).trimStart()).toBe('peers ');
    });
});
