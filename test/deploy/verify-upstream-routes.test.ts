/**
 * The `upstream-routes` check (LANGUAGE-V2 §4), without SSH, against real FRR 8.4 output captured in a lab
 * (fixtures/frr/lab-upstream_*.json, see its README): each announce item is advertised (else it fails on the item,
 * unless the router holds no route of it yet), and nothing else is (else it fails on the `upstream` line, naming
 * the prefixes).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseAdvertisedRoutes } from '../../src/deploy/verify-check-upstream-routes.js';
import { evaluatePlan, planVerify, type ProbeAnswer } from '../../src/deploy/verify-plan.js';
import type { VerifyCheck } from '../../src/deploy/verify-types.js';
import { decodeTopologyModel, encodeTopologyModel } from '../../src/model/topology-model-transport.js';
import { modelFromText } from './verify-lab-setup.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/frr/${name}`, import.meta.url), 'utf8');
const TEXT = readFileSync(new URL('../lab-sessions/fixtures/lab-upstream-capture.bgptopo', import.meta.url), 'utf8');
const lineOf = (text: string, fragment: string): number => text.split('\n').findIndex((line) => line.includes(fragment)) + 1;
/** 0-based column of `fragment` on the line holding `on`. */
const columnOf = (text: string, on: string, fragment: string): number => text.split('\n')[lineOf(text, on) - 1]!.indexOf(fragment);

const ok = (stdout: string): ProbeAnswer => ({ output: { stdout, stderr: '', code: 0 } });

interface State {
    readonly advertised: string;
    readonly table?: string;
}

async function run(state: State, text = TEXT): Promise<VerifyCheck[]> {
    const model = await modelFromText(text);
    const plan = planVerify(model, { kinds: ['upstream-routes'] });
    const answers: Record<string, string> = {
        'bgp-summary': fixture('lab-upstream_spine_show_bgp_summary.json'),
        'bgp-ipv4': fixture(state.table ?? 'lab-upstream_spine_show_bgp_ipv4_unicast.json'),
        'bgp-advertised-ipv4-10.99.3.9': fixture(state.advertised)
    };
    return evaluatePlan(plan, (host, id) => (host === 'spine' && id in answers ? ok(answers[id]) : { missing: `${host}: no ${id}` }));
}

const brief = (checks: VerifyCheck[]) => checks.map((check) => [check.line, check.status]);

describe('upstream-routes on real FRR output', () => {
    test('healthy: each item advertised, nothing else; one check per item (on the item) and one for the line', async () => {
        const checks = await run({ advertised: 'lab-upstream_spine_advertised_routes.json' });
        const line = lineOf(TEXT, 'announce pool lb aggregate');
        expect(brief(checks)).toEqual([
            [line, 'pass'],
            [line, 'pass'],
            [line, 'pass'],
            [lineOf(TEXT, 'upstream 10.99.3.9'), 'pass']
        ]);
        const at = (fragment: string) => columnOf(TEXT, 'announce pool lb aggregate', fragment);
        expect(checks.map((check) => check.range?.start.character)).toEqual([at('pool lb aggregate'), at('pool lb-int'), at('loopback'), 2]);
        expect(checks[0]!.message).toBe('upstream 10.99.3.9 receives 10.99.6.0/24');
        expect(checks[1]!.message).toBe('upstream 10.99.3.9 receives 10.99.7.10/32, 10.99.7.11/32, 10.99.7.12/32');
        expect(checks[3]!.message).toBe('upstream 10.99.3.9 receives 5 prefix(es), all announced');
        expect(checks.every((check) => check.kind === 'upstream-routes' && check.element === 'upstream 10.99.3.9 of router spine')).toBe(true);
    });

    test('extra: the leaked host routes fail the `upstream` line, named; the items still pass', async () => {
        const checks = await run({ advertised: 'lab-upstream_spine_advertised_routes__extra.json' });
        const failed = checks.filter((check) => check.status === 'fail');
        expect(failed.map((check) => check.line)).toEqual([lineOf(TEXT, 'upstream 10.99.3.9')]);
        expect(failed[0]!.message).toBe('upstream 10.99.3.9 receives 10.99.6.10/32, 10.99.6.11/32, 10.99.6.12/32, which no `announce` item stands for');
    });

    test('missing: an item the router should send but does not fails on that item', async () => {
        // The file also announces its network `core`, which the captured router never sent.
        const text = TEXT.replace('pool lb-int, loopback', 'pool lb-int, loopback, network core');
        const checks = await run({ advertised: 'lab-upstream_spine_advertised_routes.json' }, text);
        const failed = checks.filter((check) => check.status === 'fail');
        expect(failed.map((check) => [check.line, check.range?.start.character])).toEqual([[lineOf(text, 'announce pool lb aggregate'), columnOf(text, 'announce pool lb aggregate', 'network core')]]);
        expect(failed[0]!.message).toBe('upstream 10.99.3.9 does not receive 10.99.3.0/24 (network core)');
    });

    test('a pool the router holds routes of but does not send fails, naming what it holds', async () => {
        // Captured with the speakers stopped: only the loopback is advertised, but here the table still holds the pools.
        const checks = await run({ advertised: 'lab-upstream_spine_advertised_routes__speakers_stopped.json' });
        const failed = checks.filter((check) => check.status === 'fail');
        expect(failed.map((check) => check.message)).toEqual([
            'upstream 10.99.3.9 does not receive 10.99.6.0/24 (pool lb aggregate), though the router holds 10.99.6.0/24, 10.99.6.10/32, 10.99.6.11/32, 10.99.6.12/32',
            'upstream 10.99.3.9 does not receive 10.99.7.0/24 or more specific (pool lb-int), though the router holds 10.99.7.10/32, 10.99.7.11/32, 10.99.7.12/32'
        ]);
    });

    test('idle pools (no route of them on the router): "nothing to announce yet", a pass; the loopback still sent', async () => {
        const checks = await run({ advertised: 'lab-upstream_spine_advertised_routes__speakers_stopped.json', table: 'lab-upstream_spine_show_bgp_ipv4_unicast__speakers_stopped.json' });
        expect(checks.map((check) => check.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
        expect(checks[0]!.message).toBe('nothing to announce yet: the router holds no route of pool lb aggregate (10.99.6.0/24)');
        expect(checks[2]!.message).toBe('upstream 10.99.3.9 receives 10.99.9.1/32');
    });

    test('an upstream with nothing to announce: only the line check, failing on anything sent', async () => {
        const text = TEXT.replace('    announce pool lb aggregate, pool lb-int, loopback\n', '');
        const checks = await run({ advertised: 'lab-upstream_spine_advertised_routes.json' }, text);
        expect(brief(checks)).toEqual([[lineOf(text, 'upstream 10.99.3.9'), 'fail']]);
        expect(checks[0]!.message).toMatch(/^upstream 10\.99\.3\.9 receives 10\.99\.6\.0\/24, 10\.99\.7\.10\/32, .*which no `announce` item stands for$/);
    });

    test("FRR's warnings (no such neighbor, family not active) make the check unknown, naming the warning", async () => {
        for (const [file, warning] of [
            ['lab-upstream_spine_advertised_routes__no_such_neighbor.json', 'No such neighbor in this view/vrf'],
            ['lab-upstream_spine_advertised_routes__ipv6_not_active.json', 'No such neighbor or address family']
        ] as const) {
            expect(() => parseAdvertisedRoutes(fixture(file))).toThrow(`FRR: ${warning}`);
            const checks = await run({ advertised: file });
            expect(checks.map((check) => check.status)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
            expect(checks[0]!.message).toContain(warning);
        }
    });

    test('the plan is the same from a model sent as JSON (the editor plans from the language server\'s model)', async () => {
        const model = await modelFromText(TEXT);
        const sent = decodeTopologyModel(JSON.parse(JSON.stringify(encodeTopologyModel(model))) as ReturnType<typeof encodeTopologyModel>);
        const plan = planVerify(model, { kinds: ['upstream-routes'] });
        expect(plan.checks.length).toBe(4);
        expect(planVerify(sent, { kinds: ['upstream-routes'] }).checks).toEqual(plan.checks);
    });

    test('the probe asks FRR for that neighbor in the session\'s family', async () => {
        const plan = planVerify(await modelFromText(TEXT), { kinds: ['upstream-routes'] });
        expect(plan.probes.get('spine')!.map((probe) => probe.argv.join(' '))).toEqual([
            'vtysh -c show bgp summary json',
            'vtysh -c show bgp ipv4 unicast neighbors 10.99.3.9 advertised-routes json',
            'vtysh -c show bgp ipv4 unicast json'
        ]);
    });
});
