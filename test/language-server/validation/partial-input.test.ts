/**
 * Validators never throw on partial input (missing names, unresolved references, half-typed declarations):
 * every prefix of the examples, cut every 7th character, validates without an exception, without Langium's
 * "An error occurred" wrapper for a throwing check, and without anything logged to console.error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from 'vitest';
import { validate } from '../../support/bgptopo-test-services.js';
import { FIXTURES, fixtureFiles } from './validation-test-support.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');

/** Validate every prefix cut at `step`; return what went wrong (empty when nothing did). */
async function problemsOfPrefixes(text: string, step: number): Promise<string[]> {
    const problems: string[] = [];
    for (let cut = 0; cut <= text.length; cut += step) {
        const prefix = text.slice(0, cut);
        try {
            const document = await validate(prefix);
            for (const diagnostic of document.diagnostics ?? []) {
                if (diagnostic.message.includes('An error occurred')) {
                    problems.push(`cut at ${cut}: ${diagnostic.message}`);
                }
            }
        } catch (error) {
            problems.push(`cut at ${cut}: threw ${String(error)}`);
        }
        if (problems.length > 5) {
            break;
        }
    }
    return problems;
}

describe('partial input', () => {
    let consoleError: MockInstance;
    beforeEach(() => {
        consoleError = vi.spyOn(console, 'error');
    });
    afterEach(() => {
        consoleError.mockRestore();
    });

    const examples = readdirSync(EXAMPLES).filter((file) => file.endsWith('.bgptopo'));

    test('there are examples to cut', () => {
        expect(examples.length).toBeGreaterThanOrEqual(4);
    });

    test.each(examples)('every 7th-character prefix of %s validates without a throwing check', async (file) => {
        const problems = await problemsOfPrefixes(readFileSync(join(EXAMPLES, file), 'utf8'), 7);
        expect(problems).toEqual([]);
        expect(consoleError).not.toHaveBeenCalled();
    }, 120_000);

    test('prefixes of every diagnostic fixture (every 23rd character) validate without a throwing check', async () => {
        const problems: string[] = [];
        for (const file of fixtureFiles()) {
            for (const problem of await problemsOfPrefixes(readFileSync(join(FIXTURES, file), 'utf8'), 23)) {
                problems.push(`${file} ${problem}`);
            }
        }
        expect(problems).toEqual([]);
        expect(consoleError).not.toHaveBeenCalled();
    }, 120_000);

    test('declarations with every optional part missing', async () => {
        const text = [
            'topology',
            'network',
            'network n1',
            'router {',
            '}',
            'router r1 { neighbor remote-as }',
            'router r2 { asn 65000 address 10.0.0.1 neighbor ghost remote-as internal neighbor 10.0.0.0/24 remote-as }',
            'vip { }',
            'vip v1 10.0.0.9 { holders }',
            'vip v2 10.0.0.8 { kube-vip holders control-plane of }',
            'cluster { node { } }',
            'cluster c1 { metallb { peers } cilium-bgp { advertise } kube-vip { vip } node x control-plane { address } }',
            'wireguard { route via }',
            'wireguard wg1 { network members route }',
            'monitoring { alerts }'
        ].join('\n');
        const document = await validate(text);
        expect((document.diagnostics ?? []).filter((d) => d.message.includes('An error occurred'))).toEqual([]);
        expect(consoleError).not.toHaveBeenCalled();
    });
});
