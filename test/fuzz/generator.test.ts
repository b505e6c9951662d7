/** The synthetic topology generator used by the benchmarks and the fuzzer: deterministic and diagnostic-free. */
import { describe, expect, test } from 'vitest';
import { completionPosition, editPosition, generateTopology } from '../../bench/topology-generator.js';
import { generateRackTopology } from '../../bench/topology-generator-racks.js';
import { sessionTable } from '../../src/model/session-table.js';
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

describe('rack topology generator', () => {
    test('40 racks × 25 nodes: a ToR pair and an AS per rack, a group per rack by label, IPv6 on every fourth rack, no diagnostics', async () => {
        const generated = generateRackTopology({ racks: 40, nodesPerRack: 25 });
        expect(generated).toMatchObject({ nodes: 1000, racks: 40, routers: 80, groups: 40 });
        const document = await validate(generated.text);
        expect(summary(document)).toBe('');
        const model = services.Bgptopo.topology.TopologyCache.forDocument(document);
        expect(model.nodes).toHaveLength(1000);
        const [speaker] = model.speakers;
        expect(speaker.groups).toHaveLength(40);
        // Rack 7's group: its own 25 nodes, its own AS, its ToRs only; rack 8 (dual-stack) adds IPv6 sessions.
        const rack7 = speaker.groups[6];
        expect(rack7.nodes.map((node) => node.labels.get('rack'))).toEqual(Array(25).fill('7'));
        expect(rack7.options.asn).toBe(4210000007);
        expect(rack7.routers.map((router) => router.name)).toEqual(['tor7-a', 'tor7-b']);
        const rows = sessionTable(model);
        expect(rows).toHaveLength(40 * 25 * 2 + 10 * 25 * 2);
        expect(rows.filter((row) => row.router === 'tor8-a').map((row) => row.family).sort()).toEqual([...Array(25).fill('ipv4'), ...Array(25).fill('ipv6')]);
        expect(rows.every((row) => row.peer.startsWith(`r${row.router.slice(3, row.router.indexOf('-'))}n`) && !row.noPath)).toBe(true);
    });

    test('the advertisements mode: 10 more pools and 40 advertisements of every option, valid at both sizes', async () => {
        for (const racks of [40, 200]) {
            const plain = generateRackTopology({ racks, nodesPerRack: 25 });
            const generated = generateRackTopology({ racks, nodesPerRack: 25, advertisements: true });
            expect(generated).toMatchObject({ nodes: racks * 25, racks, routers: 2 * racks, groups: racks, pools: 10, advertisements: 40 });
            expect(plain).toMatchObject({ pools: 0, advertisements: 0 });
            const document = await validate(generated.text);
            expect(summary(document)).toBe('');
            const model = services.Bgptopo.topology.TopologyCache.forDocument(document);
            expect(model.nodes).toHaveLength(racks * 25);
            const [metallb, cilium] = model.speakers;
            expect([metallb.kind, cilium.kind]).toEqual(['metallb', 'cilium-bgp']);
            expect(metallb.advertisements).toHaveLength(30);
            expect(cilium.advertisements).toHaveLength(10);
            const all = [...metallb.advertisements, ...cilium.advertisements];
            expect(new Set(all.map((advertisement) => advertisement.kind))).toEqual(new Set(['pool', 'pod-cidrs', 'cluster-ips']));
            // Every option is used: to, speakers, aggregate, communities of all three forms, local-pref, services.
            expect(all.some((advertisement) => advertisement.to.length > 0)).toBe(true);
            expect(all.some((advertisement) => advertisement.localPref !== undefined)).toBe(true);
            expect(all.some((advertisement) => advertisement.aggregate !== undefined)).toBe(true);
            expect(generated.text).toMatch(/\{ [^}]*speakers rack=\d+ or rack=\d+/);
            expect(generated.text).toMatch(/communities \d+:\d+:\d+/);
            expect(generated.text).toMatch(/communities [^}]*no-advertise/);
            expect(generated.text).toMatch(/pool pool\d+ \{ services /);
            // The pools: ranges, Service labels, namespaces, auto-assign off, one IPv6 pool.
            expect(generated.text).toMatch(/range 198\.18\.3\.0-198\.18\.3\.63, /);
            expect(generated.text).toMatch(/namespaces prod, staging/);
            expect(generated.text).toMatch(/auto-assign off/);
            expect(metallb.pools.map((pool) => pool.name)).toContain('pool7');
            // Apart from them, the racks are part 1's: the same sessions table, but the first rack of each block is iBGP.
            const rows = sessionTable(model);
            expect(rows).toHaveLength(racks * 25 * 2 + (racks / 4) * 25 * 2);
            expect(rows.filter((row) => row.router === 'tor1-a').every((row) => row.type === 'ibgp')).toBe(true);
        }
    });

    test('200 racks × 25 nodes fit the address plan; varied documents are reproducible from their seed', () => {
        const large = generateRackTopology({ racks: 200, nodesPerRack: 25 });
        expect(large.text.match(/^ {2}node /gm)).toHaveLength(5000);
        const a = generateRackTopology({ racks: 4, nodesPerRack: 3, seed: 9, vary: true }).text;
        expect(generateRackTopology({ racks: 4, nodesPerRack: 3, seed: 9, vary: true }).text).toBe(a);
        expect(generateRackTopology({ racks: 4, nodesPerRack: 3, seed: 10, vary: true }).text).not.toBe(a);
        expect(() => generateRackTopology({ racks: 1, nodesPerRack: 241 })).toThrow(/do not fit/);
        expect(() => generateRackTopology({ racks: 7, nodesPerRack: 2, advertisements: true })).toThrow(/at least 8 racks/);
        expect(() => generateRackTopology({ racks: 255, nodesPerRack: 1, spine: true })).toThrow(/at most 254 racks/);
    });

    test('the spine mode: each ToR a neighbor of the spine, an upstream sent what the clusters originate, valid', async () => {
        const generated = generateRackTopology({ racks: 6, nodesPerRack: 3, clusters: 2, spine: true });
        expect(generated.routers).toBe(13);
        expect(generated.text.match(/neighbor spine/g)).toHaveLength(12);
        expect(generated.text).toMatch(/upstream 100\.64\.0\.1 remote-as 64999 \{ announce pool lb aggregate {2}accept default \}/);
        const document = await validate(generated.text);
        expect(summary(document)).toBe('');
        const model = services.Bgptopo.topology.TopologyCache.forDocument(document)!;
        const spine = model.routers.find((router) => router.name === 'spine')!;
        expect(spine.routerSessions).toHaveLength(12);
        expect(spine.upstreamSessions).toHaveLength(1);
    });
});
