/**
 * The rack mode of the topology generator (LANGUAGE-V2 §1, §2, §6): R racks × N nodes, each rack behind its own
 * pair of top-of-rack routers in an AS of the rack's own, nodes labelled `rack=K`, one peer group per rack that
 * selects its nodes by that label with an AS per rack, and IPv4 + IPv6 sessions on every fourth rack.
 *
 * `generateRackTopology({ racks, nodesPerRack })` is the canonical benchmark file (40 × 25 = 1,000 nodes,
 * 200 × 25 = 5,000), deterministic and free of diagnostics. With `vary: true` the seed also draws the speaker
 * kind, selectors (`or`, `!=`, group words, node names), families (`over`), block and group options (BFD
 * profiles, graceful restart, timers, multihop, `to loopback`, passwords): small documents for the
 * validate ⇒ render property test, most of them valid, some not (option-unsupported and the like, on purpose).
 *
 * Address plan: rack K (1-based) is `rackK` 10.(K >> 8).(K & 255).0/24 with the ToRs on .1 / .2 and nodes on
 * .10 upwards (up to 240 nodes per rack), its IPv6 twin `rackK-v6` 2001:db8:K::/64 (K in hex) on dual-stack
 * racks; ToR loopbacks are 172.(16 + (K >> 8)).(K & 255).1 / .2 (and 2001:db8:fffe:K::1 / ::2 on dual-stack racks). ToR ASes are 4200000000 + K, the nodes of rack K are
 * in AS 4210000000 + K. Load-balancer pools are 198.51.100.0/24 and 2001:db8:ffff::/120; kube-vip VIPs 203.0.113.C.
 */
import { mulberry32 } from './topology-generator.js';

export interface RackGeneratorOptions {
    readonly racks: number;
    readonly nodesPerRack: number;
    /** Clusters the racks are split over (default 1); each cluster runs one speaker block. */
    readonly clusters?: number;
    readonly seed?: number;
    /** Draw speakers, selectors, families and options from the seed (property tests); default: the benchmark file. */
    readonly vary?: boolean;
    /**
     * The benchmark file with what part 3 announces (LANGUAGE-V2 §7): 10 more pools (ranges, `services`,
     * `namespaces`, `auto-assign off`, one IPv6) and 40 advertisements — 30 of pools in the MetalLB block, with
     * `to`, `speakers`, `aggregate`, `communities` (standard, large, well-known), `local-pref` (towards the
     * iBGP ToRs of its first rack) and `services`, and 10 in a Cilium block that runs on the last
     * {@link ANNOUNCE_CILIUM_RACKS} racks (`pod-cidrs`, `cluster-ips`, pools). Ignored with `vary`.
     */
    readonly advertisements?: boolean;
    /**
     * A spine above the ToRs (LANGUAGE-V2 §4): every ToR has an address on a `fabric` network and a `neighbor spine`
     * line, and the spine has an `upstream` that is sent what the clusters originate (`pool lb aggregate`, the pod
     * networks, the kube-vip VIPs) and from which it accepts only the default. Up to {@link SPINE_MAX_RACKS} racks.
     */
    readonly spine?: boolean;
}

export interface GeneratedRackTopology {
    readonly text: string;
    readonly nodes: number;
    readonly racks: number;
    readonly routers: number;
    /** Peer groups written (over all speaker blocks). */
    readonly groups: number;
    readonly lines: number;
    /** Pools and advertisements the `advertisements` mode added (0 otherwise). */
    readonly pools: number;
    readonly advertisements: number;
}

type SpeakerKind = 'metallb' | 'cilium-bgp' | 'kube-vip';
type Random = () => number;

const MAX_NODES_PER_RACK = 240;
const MAX_RACKS = 4095;
const TOR_ASN = 4200000000;
const NODE_ASN = 4210000000;
/** Racks a `spine` can sit above: each ToR's fabric address is 172.31.RACK.(1|2). */
export const SPINE_MAX_RACKS = 254;
/** Racks (at the end) the `advertisements` mode gives to its Cilium cluster. */
export const ANNOUNCE_CILIUM_RACKS = 4;

/** Generate the rack topology; throws when the address plan cannot hold it. */
export function generateRackTopology(options: RackGeneratorOptions): GeneratedRackTopology {
    const { racks, nodesPerRack } = options;
    const seed = options.seed ?? 20240615;
    const clusterCount = Math.max(1, Math.min(options.clusters ?? 1, racks));
    if (racks < 1 || racks > MAX_RACKS || nodesPerRack < 1 || nodesPerRack > MAX_NODES_PER_RACK) {
        throw new Error(`${racks} racks of ${nodesPerRack} nodes do not fit the address plan (1–${MAX_RACKS} racks, 1–${MAX_NODES_PER_RACK} nodes each)`);
    }
    const random = mulberry32(seed);
    const vary = options.vary === true;
    const announce = options.advertisements === true && !vary;
    // The MetalLB block needs a dual-stack rack (every fourth) for its IPv6 pool, and a second rack for `to`.
    if (announce && racks < ANNOUNCE_CILIUM_RACKS + 4) {
        throw new Error(`the advertisements mode needs at least ${ANNOUNCE_CILIUM_RACKS + 4} racks, not ${racks}`);
    }
    const spine = options.spine === true;
    if (spine && racks > SPINE_MAX_RACKS) {
        throw new Error(`a spine sits above at most ${SPINE_MAX_RACKS} racks, not ${racks}`);
    }
    const dualStack = (rack: number): boolean => (vary ? random() < 0.4 : rack % 4 === 0);
    const rackIsDual = Array.from({ length: racks + 1 }, (_, rack) => rack > 0 && dualStack(rack));

    const out: string[] = [];
    const line = (text = ''): void => void out.push(text);
    const announceIbgp = new Set(announce ? announceRacks(racks).map((members) => members[0]) : []);
    line(`# Synthetic rack topology: ${racks} racks × ${nodesPerRack} nodes (generated, seed ${seed}${vary ? ', varied' : ''}).`);
    line(`topology racks-${racks}x${nodesPerRack}`);
    line();
    line('network lb      198.51.100.0/24     { role loadbalancer }');
    line('network lb-v6   2001:db8:ffff::/120 { role loadbalancer }');
    line('network pods    10.128.0.0/9        { role pod }');
    if (announce) {
        ANNOUNCE_POOLS.forEach((pool) => line(pool));
        line('network svc     10.96.0.0/16        { role service }');
    }
    if (spine) {
        line('network fabric  172.31.0.0/16');
        line('network core    100.64.0.0/30');
    }
    for (let rack = 1; rack <= racks; rack++) {
        line(`network rack${rack} ${rackPrefix(rack)}.0/24`);
        if (rackIsDual[rack]) {
            line(`network rack${rack}-v6 2001:db8:${rack.toString(16)}::/64`);
        }
    }
    line();
    for (let rack = 1; rack <= racks; rack++) {
        for (const [side, host] of [['a', 1], ['b', 2]] as const) {
            const v6 = rackIsDual[rack] ? `  address 2001:db8:${rack.toString(16)}::${host}` : '';
            const loopback = `172.${16 + (rack >> 8)}.${rack & 255}.${host}`;
            const loopback6 = rackIsDual[rack] ? `  loopback 2001:db8:fffe:${rack.toString(16)}::${host}` : '';
            // The advertisements mode's iBGP racks (each block's first) declare their speakers as internal peers.
            const internal = announceIbgp.has(rack) ? `  neighbor ${rackPrefix(rack)}.0/24 remote-as internal` : '';
            const uplink = spine ? `  address 172.31.${rack}.${host}  neighbor spine` : '';
            line(`router tor${rack}-${side} { asn ${TOR_ASN + rack}  address ${rackPrefix(rack)}.${host}${v6}  loopback ${loopback}${loopback6}${internal}${uplink} }`);
        }
    }
    line();

    const clusterRacks = announce ? announceRacks(racks) : splitRacks(racks, clusterCount);
    const kinds: SpeakerKind[] = announce ? ['metallb', 'cilium-bgp'] : clusterRacks.map(() => (vary ? pick(['metallb', 'cilium-bgp', 'kube-vip'] as const, random) : 'metallb'));
    let advertisements = 0;
    kinds.forEach((kind, c) => {
        if (kind === 'kube-vip') {
            line(`vip api${c + 1} 203.0.113.${c + 1} {`);
            line('  kube-vip bgp');
            line(`  holders control-plane of k${c + 1}`);
            line('}');
        }
    });
    line();

    let groups = 0;
    let podSlot = 0;
    const advertisesPool: boolean[] = [];
    clusterRacks.forEach((members, c) => {
        const kind = kinds[c];
        line(`cluster k${c + 1} {`);
        if (kind === 'cilium-bgp') {
            line('  pod-network pods');
            if (announce) {
                line('  service-network svc');
            }
            line('  cni cilium');
        }
        line(`  ${kind} {`);
        line(`    asn ${NODE_ASN}`);
        if (announce) {
            const items = kind === 'metallb' ? metallbAdvertisements(members) : ciliumAdvertisements(members);
            if (kind === 'metallb') {
                line(`    pool ${ANNOUNCE_METALLB_POOLS.join(', ')}`);
            }
            line(`    advertise ${items.join(',\n              ')}`);
            advertisements += items.length;
        } else if (kind === 'metallb') {
            line('    pool lb');
        } else if (kind === 'cilium-bgp') {
            advertisesPool[c] = vary && random() < 0.3;
            line(`    advertise ${advertisesPool[c] ? 'pool lb' : 'pod-cidrs'}`);
        } else {
            line(`    vip api${c + 1}`);
        }
        if (vary) {
            for (const option of blockOptions(kind, random)) {
                line(`    ${option}`);
            }
        } else {
            line('    hold 90s  keepalive 30s');
        }
        for (const rack of members) {
            const routers = vary && random() < 0.15 ? [`tor${rack}-a`] : [`tor${rack}-a`, `tor${rack}-b`];
            const hasWorker = members.indexOf(rack) * nodesPerRack + nodesPerRack > 3;
            const shape = { rack, nodesPerRack, hasWorker, dual: rackIsDual[rack] };
            // The advertisements mode's local-pref goes to the ToRs of each block's first rack: iBGP there.
            const ibgp = announceIbgp.has(rack);
            const groupOptions = vary ? variedGroup(kind, shape, random) : canonicalGroup(rack, rackIsDual[rack], ibgp);
            line(`    peer ${routers.join(', ')} { ${groupOptions.join('  ')} }`);
            groups++;
        }
        line('  }');
        line();
        members.forEach((rack, index) => {
            for (let n = 1; n <= nodesPerRack; n++) {
                // Three control planes per cluster: the first nodes of its first rack (or of its racks in turn).
                const controlPlane = index * nodesPerRack + n <= 3 || (members.length * nodesPerRack < 3 && n === 1);
                const role = controlPlane ? 'control-plane' : 'worker';
                const v6 = rackIsDual[rack] ? `  address 2001:db8:${rack.toString(16)}::${(9 + n).toString(16)}` : '';
                const pod = kind === 'cilium-bgp' ? `  pod-cidr 10.${128 + (podSlot >> 8)}.${podSlot & 255}.0/24` : '';
                podSlot++;
                const extraLabel = vary ? `, tier=${n % 2 === 1 ? 'web' : 'db'}` : '';
                line(`  node r${rack}n${n} ${role} { address ${rackPrefix(rack)}.${9 + n}${v6}${pod}  labels rack=${rack}${extraLabel} }`);
            }
        });
        line('}');
        line();
    });
    if (spine) {
        // What the clusters originate, each once: MetalLB's (and a varied Cilium block's) pool aggregated, Cilium's
        // pod networks, kube-vip's VIPs.
        const announced = new Set<string>();
        kinds.forEach((kind, c) => {
            if (kind === 'metallb' || (kind === 'cilium-bgp' && advertisesPool[c])) {
                announced.add('pool lb aggregate');
            } else if (kind === 'cilium-bgp') {
                announced.add(`pod-network k${c + 1}`);
            } else {
                announced.add(`vip api${c + 1}`);
            }
        });
        line(`router spine { asn ${TOR_ASN}  address 172.31.255.254  address 100.64.0.2`);
        line(`  upstream 100.64.0.1 remote-as 64999 { announce ${[...announced].join(', ')}  accept default }`);
        line('}');
        line();
    }
    const text = out.join('\n');
    return {
        text,
        nodes: racks * nodesPerRack,
        racks,
        routers: 2 * racks + (spine ? 1 : 0),
        groups,
        lines: out.length,
        pools: announce ? ANNOUNCE_POOLS.length : 0,
        advertisements
    };
}

/** The benchmark's group: the rack's nodes by label, the rack's AS (the ToRs' with `ibgp`), both families on every fourth rack. */
function canonicalGroup(rack: number, dual: boolean, ibgp = false): string[] {
    const options = [`speakers rack=${rack}`, `asn ${(ibgp ? TOR_ASN : NODE_ASN) + rack}`];
    if (dual) {
        options.push('families ipv4, ipv6');
    }
    return options;
}

/** Options the block itself may carry (defaults of its groups), within what its speaker can express. */
function blockOptions(kind: SpeakerKind, random: Random): string[] {
    const options: string[] = [];
    if (random() < 0.3) {
        const timers = ['hold 90s  keepalive 30s', 'hold 9s  keepalive 3s', 'hold 0s  keepalive 0s'] as const;
        options.push(pick(kind === 'cilium-bgp' ? timers.slice(0, 2) : timers, random));
    }
    if (random() < 0.2 && kind !== 'cilium-bgp') {
        options.push(pick(['bfd', 'bfd { receive 300ms  transmit 300ms  multiplier 3 }'] as const, random));
    }
    if (random() < 0.15 && kind !== 'kube-vip') {
        options.push('graceful-restart');
    }
    return options;
}

/** Where a rack's nodes are: its number, its node count, whether it holds a worker, and both families. */
interface RackShape {
    readonly rack: number;
    readonly nodesPerRack: number;
    readonly hasWorker: boolean;
    readonly dual: boolean;
}

/**
 * A group drawn from the seed: selectors of every form (each alternative matching a node of the rack), families,
 * and the PEER-OPTIONs the speaker can express (kube-vip: one set of timers per node, so none per group).
 */
function variedGroup(kind: SpeakerKind, shape: RackShape, random: Random): string[] {
    const { rack, nodesPerRack } = shape;
    const selectors = [`rack=${rack}`, `rack=${rack}, tier!=none`, `rack=${rack} or r${rack}n1`, `r${rack}n1, r${rack}n${nodesPerRack}`];
    if (shape.hasWorker && kind !== 'kube-vip') {
        selectors.push(`workers, rack=${rack}`);
    }
    if (nodesPerRack >= 2) {
        // Nodes alternate tier=web / tier=db, so both alternatives match.
        selectors.push(`rack=${rack}, tier=web or rack=${rack}, tier!=web`);
    }
    const options = [`speakers ${pick(selectors, random)}`];
    if (random() < 0.7) {
        options.push(`asn ${NODE_ASN + rack}`);
    }
    if (shape.dual && random() < 0.8) {
        const families = ['families ipv4, ipv6', 'families ipv4, ipv6 over ipv6', 'families ipv4, ipv6 over ipv4'] as const;
        options.push(pick(kind === 'kube-vip' ? families.slice(0, 1) : families, random));
    }
    const optional: Array<readonly [number, () => string]> = [
        [0.15, () => `password secret "rack-${rack}"`],
        [0.1, () => 'multihop 2'],
        [0.1, () => 'to loopback']
    ];
    if (kind !== 'kube-vip') {
        optional.push(
            [0.25, () => pick(kind === 'cilium-bgp' ? ['hold 30s  keepalive 10s', 'hold 3s  keepalive 1s'] : ['hold 30s  keepalive 10s', 'hold 3s  keepalive 1s', 'hold 0s  keepalive 0s'], random)],
            [0.2, () => (kind === 'metallb' ? 'graceful-restart' : pick(['graceful-restart', 'graceful-restart restart-time 120s'] as const, random))],
            [0.15, () => 'connect-retry 5s']
        );
    }
    if (kind !== 'cilium-bgp') {
        optional.push([0.25, () => pick(['bfd', 'bfd { receive 200ms  transmit 250ms  multiplier 4 }', 'bfd { multiplier 5 }'] as const, random)]);
    }
    for (const [chance, option] of optional) {
        if (random() < chance) {
            options.push(option());
        }
    }
    return options;
}

/** The 10 pools of the `advertisements` mode: every pool option, one IPv6 pool; the last three are Cilium's. */
const ANNOUNCE_POOLS = [
    'network pool1   198.18.1.0/24       { role loadbalancer }',
    'network pool2   198.18.2.0/24       { role loadbalancer  range 198.18.2.10-198.18.2.99 }',
    'network pool3   198.18.3.0/24       { role loadbalancer  range 198.18.3.0-198.18.3.63, 198.18.3.128-198.18.3.191  services tier=web }',
    'network pool4   198.18.4.0/24       { role loadbalancer  namespaces prod, staging }',
    'network pool5   198.18.5.0/24       { role loadbalancer  auto-assign off }',
    'network pool6   198.18.6.0/24       { role loadbalancer  services app=db  namespaces prod }',
    'network pool7   2001:db8:ff07::/120 { role loadbalancer }',
    'network pool8   198.18.8.0/24       { role loadbalancer  range 198.18.8.0-198.18.8.127 }',
    'network pool9   198.18.9.0/24       { role loadbalancer  services exposure=bgp }',
    'network pool10  198.18.10.0/24      { role loadbalancer  namespaces edge }'
] as const;
const ANNOUNCE_METALLB_POOLS = ['lb', 'pool1', 'pool2', 'pool3', 'pool4', 'pool5', 'pool6', 'pool7'] as const;

/** The MetalLB block's 30 advertisements over its racks (`members`; the first rack's ToRs are iBGP). */
function metallbAdvertisements(members: readonly number[]): string[] {
    const first = members[0];
    // Racks spread over the block for `to` and `speakers`; dual-stack racks (every fourth) for the IPv6 pool.
    const rack = (i: number): number => members[1 + ((i * 7) % (members.length - 1))];
    const dual = (i: number): number => members.filter((r) => r % 4 === 0)[i % members.filter((r) => r % 4 === 0).length];
    const tors = (r: number): string => `to tor${r}-a, tor${r}-b`;
    const items: string[] = [
        'pool lb',
        'pool lb { aggregate 24  communities no-export }',
        'pool pool1 { aggregate 24  communities 64512:100 }',
        'pool pool1 { aggregate 32  communities 64512:101, no-advertise }',
        `pool pool1 { aggregate 28  ${tors(rack(1))}  communities 4200000000:1:1 }`,
        `pool pool2 { aggregate 28  ${tors(first)}  local-pref 200 }`,
        'pool pool2 { communities 64512:200 }',
        `pool pool2 { aggregate 27  speakers rack=${rack(2)}  communities 64512:201, 64512:202 }`,
        'pool pool3 { services app=web }',
        `pool pool3 { aggregate 26  ${tors(rack(3))} }`,
        `pool pool3 { aggregate 27  speakers rack=${rack(4)} or rack=${rack(5)}  communities no-export }`,
        'pool pool4 { aggregate 24 }',
        `pool pool4 { ${tors(rack(6))}  communities 64512:400 }`,
        `pool pool4 { aggregate 30  speakers rack=${rack(7)}  communities 4200000000:4:1, no-export }`,
        `pool pool5 { aggregate 28  to tor${first}-a  local-pref 150 }`,
        'pool pool5 { communities 64512:500, no-advertise }',
        `pool pool5 { aggregate 24  ${tors(rack(8))} }`,
        'pool pool6 { services tier=db  communities 64512:600 }',
        'pool pool6 { aggregate 24  communities 64512:601 }',
        `pool pool6 { aggregate 29  speakers rack=${rack(9)} }`,
        `pool pool7 { to tor${dual(0)}-a, tor${dual(0)}-b }`,
        `pool pool7 { aggregate 120  to tor${dual(1)}-a  communities 64512:700 }`,
        `pool pool7 { aggregate 124  speakers rack=${dual(2)}  communities 4200000000:7:1 }`
    ];
    // The rest: one pool towards one rack's ToRs each, tagged with the rack.
    for (let i = 0; items.length < 30; i++) {
        const r = rack(10 + i);
        items.push(`pool ${ANNOUNCE_METALLB_POOLS[1 + (i % 6)]} { aggregate ${31 - (i % 3)}  ${tors(r)}  communities 64512:${1000 + r} }`);
    }
    return items;
}

/** The Cilium block's 10 advertisements: pod CIDRs, cluster IPs and its three pools (the first rack's ToRs are iBGP). */
function ciliumAdvertisements(members: readonly number[]): string[] {
    const [first, second] = members;
    return [
        'pod-cidrs',
        `pod-cidrs { to tor${second}-a, tor${second}-b  communities no-export }`,
        'cluster-ips { communities 64512:900 }',
        `cluster-ips { to tor${first}-a  local-pref 120 }`,
        'pool pool8',
        'pool pool8 { aggregate 25  communities 64512:800 }',
        `pool pool9 { services exposure=bgp, tier=web  to tor${first}-a, tor${first}-b  local-pref 300 }`,
        'pool pool9 { aggregate 24  communities 64512:901, 4200000000:9:1 }',
        'pool pool10',
        `pool pool10 { aggregate 28  to tor${second}-b  communities no-advertise }`
    ];
}

/** The `advertisements` mode's clusters: the MetalLB cluster, then the last racks for the Cilium cluster. */
function announceRacks(racks: number): number[][] {
    const split = racks - ANNOUNCE_CILIUM_RACKS;
    return [Array.from({ length: split }, (_, i) => i + 1), Array.from({ length: ANNOUNCE_CILIUM_RACKS }, (_, i) => split + i + 1)];
}

function rackPrefix(rack: number): string {
    return `10.${rack >> 8}.${rack & 255}`;
}

/** Racks 1…R split into `clusters` consecutive runs of near-equal length. */
function splitRacks(racks: number, clusters: number): number[][] {
    const result: number[][] = [];
    let next = 1;
    for (let c = 0; c < clusters; c++) {
        const size = Math.floor(racks / clusters) + (c < racks % clusters ? 1 : 0);
        result.push(Array.from({ length: size }, (_, i) => next + i));
        next += size;
    }
    return result;
}

function pick<T>(items: readonly T[], random: Random): T {
    return items[Math.floor(random() * items.length)];
}
