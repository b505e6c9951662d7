/**
 * What is announced, in the lab (issue 17): a real FRR router rendered by bgptopo, GoBGP speakers configured from
 * the sessions table announcing host routes of a pool range with the communities (standard, well-known, large) and
 * local-pref of their advertisement. The router installs exactly the permitted routes: a route outside the pool is
 * refused by the rendered import policy, kept in `received-routes` (soft-reconfiguration inbound), and named by
 * verify's `bgp-refused` on the group's peer line; `verify` is green with the attributes read from FRR, an idle pool
 * is "nothing to announce yet", then red on the advertise line when one speaker drops its communities. Needs root.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyTopology } from '../../src/deploy/verify-topology.js';
import { verifyExitCode } from '../../src/deploy/verify-report.js';
import type { VerifyReport } from '../../src/deploy/verify-types.js';
import { verifyUntil as verifyUntilDone } from '../deploy/verify-lab-setup.js';
import { gobgp, vtyshJson, waitFor } from '../lab/index.js';
import { createScenarioLab, LAB_VERIFY_KINDS, type ScenarioLab } from './lab-sessions-setup.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);
type Json = Record<string, any>;

const ATTRIBUTES = ['community', '64512:100,no-advertise', 'large-community', '4200000000:1:2', 'local-pref', '200'];

async function announce(s: ScenarioLab, node: string, prefix: string, attributes: readonly string[]): Promise<void> {
    const host = s.lab.host(node);
    await gobgp(host, ['global', 'rib', '-a', 'ipv4', 'del', prefix]);
    await gobgp(host, ['global', 'rib', '-a', 'ipv4', 'add', prefix, ...attributes]);
}

describe.runIf(runLab)('lab: advertisements with communities and local-pref (§7)', () => {
    const state = {} as { s: ScenarioLab; idle: string };
    beforeAll(async () => {
        state.s = await createScenarioLab('lab-announce', 'gobgp');
        const idle = state.s.text.match(/network lb-idle (\S+)/)![1]!.replace(/\.0\/24$/, '.');
        state.idle = idle;
        for (const node of ['n1', 'n2', 'n3']) {
            for (const prefix of state.s.announced.get(node)!) {
                if (prefix.startsWith(idle)) {
                    // No Service uses lb-idle yet: its speakers announce nothing from it.
                    await gobgp(state.s.lab.host(node), ['global', 'rib', '-a', 'ipv4', 'del', prefix]);
                } else {
                    await announce(state.s, node, prefix, ATTRIBUTES);
                }
            }
        }
    }, 120_000);
    afterAll(async () => {
        if (state.s) {
            const report = await state.s.lab.destroy();
            expect(report.namespaces.length).toBe(4);
        }
    }, 60_000);
    const verify = () => verifyTopology(state.s.model, state.s.connect, { kinds: [...LAB_VERIFY_KINDS, 'bgp-refused'] });
    const verifyUntil = (what: string, done: (report: VerifyReport) => boolean, timeoutMs = 60_000) => verifyUntilDone(verify, what, done, timeoutMs);

    test('the rendered policy accepts the range as its 6 CIDR blocks of host routes; each speaker announces one host route per block', () => {
        const s = state.s;
        for (const row of s.rows) {
            expect(row.accepts.filter((entry) => / ge 32$/.test(entry) && !entry.startsWith(state.idle))).toHaveLength(6);
        }
        for (const node of ['n1', 'n2', 'n3']) {
            expect(s.announced.get(node)!.filter((prefix) => prefix.endsWith('/32') && !prefix.startsWith(state.idle))).toHaveLength(6);
        }
    });

    test('verify is green: routes with their communities and local-pref; the idle pool has nothing to announce yet', async () => {
        const report = await verifyUntil('every check to pass', (r) => verifyExitCode(r) === 0);
        const attributes = report.checks.filter((c) => c.kind === 'bgp-attributes');
        expect(attributes.map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
        for (const check of attributes) {
            expect(check.message).toMatch(/^\d+ route\(s\) carry their communities and local-pref$/);
        }
        const prefixes = report.checks.filter((c) => c.kind === 'bgp-prefixes');
        expect(prefixes.map((c) => c.message)).toEqual(prefixes.map(() => expect.stringContaining('nothing to announce yet from pool lb-idle')));
        // The same facts straight from FRR.
        const routes = (await vtyshJson(state.s.lab.host('r1'), 'show bgp ipv4 unicast json detail')) as Json;
        const paths = Object.values(routes.routes as Json).flatMap((entries) => (entries as Json[]).filter((p) => p.peer));
        expect(paths.length).toBeGreaterThanOrEqual(3);
        for (const path of paths) {
            expect(path.community.string).toBe('64512:100 no-advertise');
            expect(path.largeCommunity.string).toBe('4200000000:1:2');
            expect(path.locPrf).toBe(200);
        }
    }, 90_000);

    test('a route outside the pool is dropped, visible in FRR: not in the table, kept in received-routes; verify names it on the peer line', async () => {
        const s = state.s;
        const outside = '192.0.2.77/32'; // in no pool of the file: only a route inside the lab's namespaces
        const n1 = s.rows.find((row) => row.peer === 'n1')!;
        await gobgp(s.lab.host('n1'), ['global', 'rib', '-a', 'ipv4', 'add', outside]);
        try {
            // r1 received it (soft-reconfiguration inbound keeps the Adj-RIB-In) and its import policy refused it.
            const received = await waitFor(
                async () => {
                    const answer = (await vtyshJson(s.lab.host('r1'), `show bgp ipv4 unicast neighbors ${n1.sourceAddress} received-routes json`)) as Json;
                    return Object.keys(answer.receivedRoutes ?? {}).includes(outside) ? answer : undefined;
                },
                { timeoutMs: 20_000, what: "the outside route in r1's received-routes from n1" }
            );
            expect(received.filteredPrefixCounter).toBe(1);
            const table = (await vtyshJson(s.lab.host('r1'), 'show bgp ipv4 unicast json')) as Json;
            expect(Object.keys(table.routes)).not.toContain(outside);
            expect(Object.keys(table.routes).length).toBeGreaterThan(0);
            const report = await verifyUntil('bgp-refused to fail for n1', (r) => r.checks.some((c) => c.kind === 'bgp-refused' && c.status === 'fail'), 20_000);
            const failed = report.checks.filter((c) => c.status !== 'pass');
            expect(failed.map((c) => [c.id, c.status])).toEqual([['bgp-refused:k/metallb/n1->r1', 'fail']]);
            expect(failed[0]!.message).toBe(`${outside} announced by n1 but outside what the file permits (refused by the router's import policy)`);
            expect(failed[0]!.line).toBe(s.lineOf('peer r1'));
        } finally {
            await gobgp(s.lab.host('n1'), ['global', 'rib', '-a', 'ipv4', 'del', outside]);
        }
        await verifyUntil('green again once n1 withdraws it', (r) => verifyExitCode(r) === 0);
    }, 90_000);

    test('a speaker drops its communities: bgp-attributes fails for that node only, on the advertise line', async () => {
        const s = state.s;
        const prefix = s.announced.get('n2')!.find((p) => p.endsWith('/32'))!;
        await announce(s, 'n2', prefix, ['local-pref', '200']);
        const report = await verifyUntil('the attributes check of n2 to fail', (r) => r.checks.some((c) => c.kind === 'bgp-attributes' && c.status === 'fail'), 30_000);
        const failed = report.checks.filter((c) => c.status !== 'pass');
        expect(failed.map((c) => [c.id, c.status])).toEqual([['bgp-attributes:k/metallb/n2->r1', 'fail']]);
        expect(failed[0]!.message).toBe(`${prefix} lacks 64512:100, 65535:65282, 4200000000:1:2 of advertise pool lb-web (line ${s.lineOf('advertise pool lb-web')})`);
        expect(failed[0]!.line).toBe(s.lineOf('advertise pool lb-web'));
        await announce(s, 'n2', prefix, ATTRIBUTES);
        await verifyUntil('green again', (r) => verifyExitCode(r) === 0);
    }, 90_000);
});
