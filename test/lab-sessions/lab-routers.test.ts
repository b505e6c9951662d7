/**
 * Routers beyond the rack in the lab (issue 16): real FRR on a spine over two ToR pairs (eBGP, one AS per rack),
 * rendered by bgptopo, GoBGP speakers configured from the sessions table, each peering with both ToRs of its rack
 * (one peer group per rack, selected by labels). Rack a: tor-a1 on `listen-port 180`. Rack b: both ToRs reflect
 * routes for their iBGP speakers, and each peers with the spine over BGP unnumbered (a point-to-point link with no
 * IPv4 address, `neighbor X { unnumbered IFNAME }` on both sides): IPv4 routes cross it with an IPv6 link-local
 * next hop. verify checks the speaker rows and both ends of each router-to-router session; green, then red on each
 * ToR's `neighbor spine` line when the spine is stopped, green again when it is restarted. Needs root.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatVerifyText, verifyExitCode } from '../../src/deploy/verify-report.js';
import { verifyUntil } from '../deploy/verify-lab-setup.js';
import { vtyshJson, waitFor } from '../lab/index.js';
import { createScenarioLab, destroyScenarioLab, scenarioVerifier, type ScenarioLab } from './lab-sessions-setup.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);

type Json = Record<string, any>;

const RACKS = { a: ['tor-a1', 'tor-a2'], b: ['tor-b1', 'tor-b2'] } as const;
const TORS = [...RACKS.a, ...RACKS.b];
/** The spine's interface to each unnumbered ToR, and theirs to it (the fixture's `unnumbered` lines). */
const UNNUMBERED = { 'tor-b1': { spine: 'swp1', tor: 'swp1' }, 'tor-b2': { spine: 'swp2', tor: 'swp1' } } as const;
const LINK_LOCAL = /^fe80:/;

describe.skipIf(!runLab)('routers beyond the rack in the lab: two ToR pairs under a spine (root)', () => {
    let s: ScenarioLab;
    const rackOf = (node: string) => (node.startsWith('a') ? 'a' : 'b');
    const addressOf = (node: string) => s.model.nodes.find((n) => n.name === node)!.addresses[0]!.address.text;
    /** The prefixes of `show bgp ipv4 unicast json` on a router, with their paths. */
    const table = async (router: string): Promise<Record<string, Json[]>> => (await vtyshJson<Json>(s.lab.host(router), 'show bgp ipv4 unicast json')).routes ?? {};
    beforeAll(async () => {
        s = await createScenarioLab('lab-routers', 'gobgp');
    }, 120_000);
    afterAll(() => destroyScenarioLab(s), 60_000);

    const { verify, green } = scenarioVerifier(() => s, 'lab-routers');

    test('verify green: every speaker row at both ToRs of its rack, both ends of each router session, unnumbered ones by interface', async () => {
        const report = await green();
        const routerChecks = report.checks.filter((check) => check.kind === 'bgp-session' && check.id.includes('<->')).map((check) => check.id).sort();
        expect(routerChecks).toEqual(
            [
                'spine<->tor-b1@spine',
                'spine<->tor-b1@tor-b1',
                'spine<->tor-b2@spine',
                'spine<->tor-b2@tor-b2',
                'tor-a1<->spine@spine',
                'tor-a1<->spine@tor-a1',
                'tor-a2<->spine@spine',
                'tor-a2<->spine@tor-a2'
            ].map((id) => `bgp-session:${id}`)
        );
        // Every node's speaker row at each ToR of its rack, and no other.
        const speakerChecks = report.checks.filter((check) => check.kind === 'bgp-session' && check.id.includes('prod/metallb'));
        expect(speakerChecks).toHaveLength(8);
        for (const node of s.model.nodes) {
            const tors = speakerChecks.filter((check) => check.id.includes(`/${node.name}->`)).map((check) => check.id.split('->')[1]).sort();
            expect(tors).toEqual([...RACKS[rackOf(node.name)]]);
        }
        // The unnumbered rows' families, read from FRR's own `show bgp neighbors json` (keyed by interface): IPv4
        // carried over the link-local session with extended next hop, at both ends.
        const families = report.checks.filter((check) => check.kind === 'bgp-family').map((check) => check.id).sort();
        expect(families).toEqual(
            ['spine<->tor-b1@spine', 'spine<->tor-b1@tor-b1', 'spine<->tor-b2@spine', 'spine<->tor-b2@tor-b2'].flatMap((id) => [`bgp-family:${id}:ipv4`, `bgp-family:${id}:ipv6`])
        );
        expect(report.checks.find((check) => check.id === 'bgp-family:spine<->tor-b1@spine:ipv4')?.message).toMatch(/^IPv4 unicast negotiated over the IPv6 session, extended next hop on both sides/);
        expect(report.checks.every((check) => check.status === 'pass')).toBe(true);
    }, 150_000);

    test('every session Established in FRR: rack a dials tor-a1 on 180, the unnumbered sessions negotiate extended next hop for IPv4 over IPv6', async () => {
        for (const [rack, tors] of Object.entries(RACKS)) {
            for (const tor of tors) {
                const neighbors = await vtyshJson<Json>(s.lab.host(tor), 'show bgp neighbors json');
                for (const node of s.model.nodes.filter((n) => rackOf(n.name) === rack)) {
                    expect(neighbors[addressOf(node.name)].bgpState).toBe('Established');
                    expect(neighbors[addressOf(node.name)].portLocal).toBe(tor === 'tor-a1' ? 180 : 179);
                }
            }
        }
        for (const [tor, link] of Object.entries(UNNUMBERED)) {
            for (const [router, device] of [['spine', link.spine], [tor, link.tor]]) {
                const neighbor = (await vtyshJson<Json>(s.lab.host(router), `show bgp neighbors ${device} json`))[device];
                expect(neighbor.bgpState).toBe('Established');
                expect(neighbor.hostLocal).toMatch(LINK_LOCAL);
                expect(neighbor.hostForeign).toMatch(LINK_LOCAL);
                expect(neighbor.neighborCapabilities.extendedNexthop).toBe('advertisedAndReceived');
                expect(Object.keys(neighbor.addressFamilyInfo).sort()).toEqual(['ipv4Unicast', 'ipv6Unicast']);
            }
        }
    }, 60_000);

    test("each speaker's routes at both ToRs of its rack and at the spine; over the unnumbered links with a link-local next hop", async () => {
        // verify is green once the sessions are up; the routes then travel speaker → ToR → spine in FRR's update
        // batches: wait (bounded) until the spine holds every announced prefix from both ToRs of each rack.
        const announced = [...s.announced.values()].flat();
        const pathsFrom = (routes: Record<string, Json[]>, prefix: string) => (routes[prefix] ?? []).map((path) => path.nexthops[0].hostname as string).sort();
        const spine = await waitFor(
            async () => {
                const routes = await table('spine');
                return [...s.announced].every(([node, prefixes]) => prefixes.every((prefix) => pathsFrom(routes, prefix).join() === RACKS[rackOf(node)].join())) ? routes : undefined;
            },
            { what: "the spine to learn each rack's routes from both of its ToRs", timeoutMs: 30_000, intervalMs: 500 }
        );
        for (const [node, prefixes] of s.announced) {
            for (const tor of RACKS[rackOf(node)]) {
                const routes = await table(tor);
                for (const prefix of prefixes) {
                    expect(routes[prefix]?.find((path) => path.peerId === addressOf(node)), `${prefix} of ${node} at ${tor}`).toBeDefined();
                }
            }
        }
        // At the spine, rack b's IPv4 routes have their ToR's IPv6 link-local address as next hop; rack a's are IPv4.
        for (const prefix of announced) {
            for (const path of spine[prefix]!) {
                const unnumbered = (RACKS.b as readonly string[]).includes(path.nexthops[0].hostname);
                expect(path.nexthops[0].afi).toBe(unnumbered ? 'ipv6' : 'ipv4');
                expect(path.nexthops.some((hop: Json) => hop.scope === 'link-local' && LINK_LOCAL.test(hop.ip))).toBe(unnumbered);
            }
        }
        // The other way: tor-b1 learns rack a's routes from the spine over its unnumbered link, via the spine's link-local address.
        const rackA = [...s.announced].filter(([node]) => rackOf(node) === 'a').flatMap(([, prefixes]) => prefixes);
        const torB1 = await waitFor(async () => {
            const routes = await table('tor-b1');
            return rackA.every((prefix) => routes[prefix]) ? routes : undefined;
        }, { what: "tor-b1 to learn rack a's routes from the spine", timeoutMs: 30_000, intervalMs: 500 });
        for (const prefix of rackA) {
            const [hop] = torB1[prefix]![0]!.nexthops;
            expect([hop.hostname, hop.afi, hop.ip]).toEqual(['spine', 'ipv6', expect.stringMatching(LINK_LOCAL)]);
        }
        // zebra installs them in the kernel via that link-local address (RFC 5549 routes).
        const kernel = (await s.lab.exec('tor-b1', ['ip', '-4', 'route', 'show', 'proto', 'bgp'])).stdout;
        for (const prefix of rackA) {
            expect(kernel).toMatch(new RegExp(`^${prefix.replace(/\/32$/, '').replace(/\./g, '\\.')} .*via inet6 fe80:[0-9a-f:]+ dev ${UNNUMBERED['tor-b1'].tor}`, 'm'));
        }
    }, 90_000);

    test("each reflector sends each iBGP node the other node's routes", async () => {
        for (const tor of RACKS.b) {
            for (const [node, other] of [['b1', 'b2'], ['b2', 'b1']]) {
                const prefixes = s.announced.get(other)!;
                // FRR sends updates in batches: wait (bounded) until the reflected routes are out.
                const sent = await waitFor(
                    async () => {
                        const advertised = await vtyshJson<Json>(s.lab.host(tor), `show bgp ipv4 unicast neighbors ${addressOf(node)} advertised-routes json`);
                        const list = Object.keys(advertised.advertisedRoutes ?? {});
                        return prefixes.every((prefix) => list.includes(prefix)) ? list : undefined;
                    },
                    { what: `${tor} to reflect ${other}'s routes to ${node}`, timeoutMs: 30_000, intervalMs: 500 }
                );
                expect(sent).toEqual(expect.arrayContaining(prefixes));
            }
        }
    }, 90_000);

    test("the spine stopped: each ToR's end fails on its `neighbor spine` line; the speakers stay green; green again when restarted", async () => {
        await s.lab.stopDaemon('spine', 'frr');
        try {
            const atTor = (tor: string) => (tor.startsWith('tor-a') ? `bgp-session:${tor}<->spine@${tor}` : `bgp-session:spine<->${tor}@${tor}`);
            const report = await verifyUntil(verify, 'the ToRs\' spine sessions to fail', (r) => TORS.every((tor) => r.checks.find((c) => c.id === atTor(tor))?.status === 'fail'), 60_000);
            console.log(`[lab-routers] spine stopped\n${formatVerifyText(report, 'lab-routers.bgptopo')}`);
            for (const tor of TORS) {
                const check = report.checks.find((c) => c.id === atTor(tor))!;
                expect(check.line).toBe(s.lineOf(`router ${tor} `) + 1);
                expect(s.text.split('\n')[check.line! - 1]).toMatch(/^\s+neighbor spine\b/);
                expect(check.element).toBe(`neighbor spine of router ${tor}`);
            }
            expect(report.checks.filter((c) => c.id.includes('prod/metallb') && c.kind === 'bgp-session').every((c) => c.status === 'pass')).toBe(true);
            expect(verifyExitCode(report)).toBe(1);
        } finally {
            await s.lab.startDaemon('spine', 'frr');
        }
        await green();
    }, 180_000);
});
