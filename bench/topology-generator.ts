/**
 * A deterministic generator of synthetic `.bgptopo` topologies of any size, for benchmarks and fuzzing.
 * The same (nodes, seed) always yields the same text, and the text validates with no diagnostics at all.
 *
 * Design of the generated site (addresses chosen so that nothing overlaps or collides):
 * - `fabric` 10.0.0.0/16 (underlay) holds one /24 per rack (`rackK` = 10.0.K.0/24, up to 48 nodes per rack
 *   on host numbers 10–249, shuffled; .1/.2 are the cluster's leaf pair, .254 a keepalived gateway VIP on
 *   the leaves' `vlanK` interface).
 * - `cp-fabric` 10.1.0.0/16 holds one /24 per cluster (`kC-cp-net` = 10.1.C.0/24): every control-plane node
 *   has a second address there, so kube-vip can peer from `source address 2` without colliding with cilium.
 * - `spine-links` 10.2.0.0/24: two spines and every leaf. `vpn` 10.3.0.0/24: the WireGuard mesh of the
 *   spines and load balancers. `lb-net` 10.4.0.0/24: load balancers and the keepalived API VIPs.
 * - Kube-vip API VIPs are 10.5.0.C (no declared network). `services` 10.96.0.0/12 is shared.
 * - Each cluster C (1-based) has its own pod network 10.(128+8(C-1)).0.0/13 — room for 2,048 /24 pod CIDRs —
 *   and its own load-balancer pool 192.168.C.0/24. At most 16 clusters fit in 10.128.0.0/9.
 * - One cluster per 500 nodes (at least two, so both flavours appear): odd clusters run cilium with
 *   kube-vip + cilium-bgp, even ones calico with metallb and a keepalived API VIP on a load balancer pair.
 */

/** A small, fast, seedable PRNG (mulberry32). Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export interface GeneratorOptions {
    /** Total Kubernetes nodes (control planes included). At least 6 (two clusters of three control planes). */
    readonly nodes: number;
    /** PRNG seed; the default gives the canonical benchmark files. */
    readonly seed?: number;
    /** Nodes per cluster (default 500). */
    readonly nodesPerCluster?: number;
}

export interface GeneratedTopology {
    readonly text: string;
    readonly nodes: number;
    readonly clusters: number;
    readonly racks: number;
    readonly routers: number;
    readonly lines: number;
}

const NODES_PER_RACK = 48;
const MAX_CLUSTERS = 16;
const MAX_RACKS = 256;
const CONTROL_PLANES = 3;

/** Generate a topology of `options.nodes` Kubernetes nodes; throws if the address plan cannot hold it. */
export function generateTopology(options: GeneratorOptions): GeneratedTopology {
    const random = mulberry32(options.seed ?? 20240601);
    const perCluster = options.nodesPerCluster ?? 500;
    const total = options.nodes;
    const clusterCount = Math.max(2, Math.ceil(total / perCluster));
    if (total < clusterCount * CONTROL_PLANES) {
        throw new Error(`${total} nodes are too few for ${clusterCount} clusters of ${CONTROL_PLANES} control planes`);
    }
    if (clusterCount > MAX_CLUSTERS) {
        throw new Error(`${clusterCount} clusters do not fit the pod address plan (at most ${MAX_CLUSTERS})`);
    }
    const sizes = splitEvenly(total, clusterCount);
    const racksPerCluster = sizes.map((size) => Math.ceil(size / NODES_PER_RACK));
    const rackCount = racksPerCluster.reduce((a, b) => a + b, 0);
    if (rackCount > MAX_RACKS) {
        throw new Error(`${rackCount} racks do not fit in fabric 10.0.0.0/16`);
    }

    const out: string[] = [];
    const line = (text = ''): void => {
        out.push(text);
    };
    line(`# Synthetic topology: ${total} nodes in ${clusterCount} clusters, ${rackCount} racks (generated, seed ${options.seed ?? 20240601}).`);
    line(`topology synthetic-${total}`);
    line();
    line('defaults {');
    line('  ssh user ops');
    line('}');
    line();
    line('network fabric      10.0.0.0/16');
    line('network cp-fabric   10.1.0.0/16');
    line('network spine-links 10.2.0.0/24');
    line('network vpn         10.3.0.0/24   { role vpn  interface wg-mgmt }');
    line('network lb-net      10.4.0.0/24');
    line('network services    10.96.0.0/12  { role service }');

    // Racks: global index K (1-based) → network rackK; which cluster owns it.
    const racks: Array<{ index: number; cluster: number; hosts: number[] }> = [];
    for (let c = 0; c < clusterCount; c++) {
        for (let r = 0; r < racksPerCluster[c]; r++) {
            const index = racks.length + 1;
            racks.push({ index, cluster: c + 1, hosts: shuffle(range(10, 250), random) });
        }
    }
    for (const rack of racks) {
        line(`network rack${rack.index} 10.0.${rack.index - 1}.0/24`);
    }
    for (let c = 1; c <= clusterCount; c++) {
        line(`network k${c}-cp-net  10.1.${c}.0/24`);
        line(`network k${c}-pods    10.${128 + 8 * (c - 1)}.0.0/13 { role pod }`);
        line(`network k${c}-lb-pool 192.168.${c}.0/24 { role loadbalancer }`);
    }
    line();

    // Routers: two spines, then a leaf pair per cluster with an address in each of its racks.
    line('router spine1 { asn 65000  address 10.2.0.1  address 10.3.0.1  neighbor spine2 }');
    line('router spine2 { asn 65000  address 10.2.0.2  address 10.3.0.2 }');
    for (let c = 1; c <= clusterCount; c++) {
        const mine = racks.filter((rack) => rack.cluster === c);
        for (const [side, octet] of [['a', 1], ['b', 2]] as const) {
            const addresses = mine.map((rack) => `address 10.0.${rack.index - 1}.${octet}`);
            addresses.push(`address 10.1.${c}.${octet}`, `address 10.2.0.${8 + 2 * c + octet}`);
            line(`router k${c}-leaf-${side} {`);
            line(`  asn ${65000 + c}`);
            line('  maximum-paths 8');
            line(`  ${addresses.join('  ')}`);
            line('}');
        }
    }
    line();

    // Keepalived gateway VIPs on each rack's leaf pair (one VRRP group per rack segment).
    for (const rack of racks) {
        const c = rack.cluster;
        line(`vip gw${rack.index} 10.0.${rack.index - 1}.254 {`);
        line(`  keepalived vrid ${((rack.index - 1) % 255) + 1} advert 1s`);
        line(`  holders k${c}-leaf-a priority 150, k${c}-leaf-b priority 100`);
        line(`  interface vlan${rack.index}`);
        line('}');
    }
    line();

    const cilium = (c: number): boolean => c % 2 === 1;
    // Load balancers and API VIPs: keepalived + HAProxy for the calico/metallb clusters, kube-vip for cilium ones.
    for (let c = 1; c <= clusterCount; c++) {
        if (cilium(c)) {
            line(`vip k${c}-api 10.5.0.${c} {`);
            line('  kube-vip bgp');
            line(`  holders control-plane of k${c}`);
            line('  health-check tcp 6443 every 5s');
            line('}');
            continue;
        }
        for (const [side, octet] of [['a', 1], ['b', 2]] as const) {
            line(`loadbalancer k${c}-lb-${side} { address 10.4.0.${8 + 2 * c + octet}  address 10.3.0.${8 + 2 * c + octet} }`);
        }
        line(`vip k${c}-api 10.4.0.${100 + c} {`);
        line(`  keepalived vrid ${100 + c} advert 1s`);
        line(`  holders k${c}-lb-a priority 150, k${c}-lb-b priority 100`);
        line('  interface eth1');
        line('  health-check tcp 6443 every 2s');
        line(`  frontend 6443 -> control-plane of k${c} port 6443`);
        line('}');
    }
    line();

    // Clusters.
    for (let c = 1; c <= clusterCount; c++) {
        const asnBase = 64600 + 10 * c;
        line(`cluster k${c} {`);
        line(`  pod-network k${c}-pods`);
        line('  service-network services');
        if (cilium(c)) {
            line('  cni cilium');
            line();
            line('  kube-vip {');
            line(`    asn ${asnBase + 1}`);
            line(`    peers k${c}-leaf-a, k${c}-leaf-b`);
            line(`    vip k${c}-api`);
            line('    source address 2');
            line('  }');
            line('  cilium-bgp {');
            line(`    asn ${asnBase + 2}`);
            line(`    peers k${c}-leaf-a, k${c}-leaf-b`);
            line('    hold 90s  keepalive 30s');
            line(`    advertise pod-cidrs, pool k${c}-lb-pool`);
            line('  }');
        } else {
            line('  cni calico { encapsulation vxlan  mtu 1450 }');
            line();
            line('  metallb {');
            line(`    asn ${asnBase + 3}`);
            line(`    peers k${c}-leaf-a, k${c}-leaf-b`);
            line(`    pool k${c}-lb-pool`);
            line('    speakers workers');
            line('    hold 90s  keepalive 30s');
            line('  }');
        }
        line();
        const mine = racks.filter((rack) => rack.cluster === c);
        const podBase = 128 + 8 * (c - 1);
        const podSlots = shuffle(range(0, 2048), random);
        for (let i = 0; i < sizes[c - 1]; i++) {
            const rack = mine[Math.floor(i / NODES_PER_RACK)];
            const host = rack.hosts[i % NODES_PER_RACK];
            const slot = podSlots[i];
            const pod = `10.${podBase + Math.floor(slot / 256)}.${slot % 256}.0/24`;
            const address = `address 10.0.${rack.index - 1}.${host}`;
            if (i < CONTROL_PLANES) {
                line(`  node k${c}-cp${i + 1} control-plane { ${address}  address 10.1.${c}.${10 + i}  pod-cidr ${pod} }`);
            } else {
                line(`  node k${c}-w${i - CONTROL_PLANES + 1} worker { ${address}  pod-cidr ${pod} }`);
            }
        }
        line('}');
        line();
    }

    // A WireGuard management mesh over the spines and the load balancers.
    const members = ['spine1', 'spine2'];
    for (let c = 1; c <= clusterCount; c++) {
        if (!cilium(c)) {
            members.push(`k${c}-lb-a`, `k${c}-lb-b`);
        }
    }
    line('wireguard wg-mgmt {');
    line('  network vpn');
    line('  listen-port 51820');
    line(`  members ${members.join(', ')}`);
    line('  route spine-links via spine1');
    line('  persistent-keepalive 25s');
    line('}');
    line();
    line('monitoring {');
    line('  alerts control-plane, bgp, vip, wireguard');
    line('}');
    line();
    const text = out.join('\n');
    return { text, nodes: total, clusters: clusterCount, racks: rackCount, routers: 2 + 2 * clusterCount, lines: out.length };
}

/** A position in a text: 0-based offset plus the LSP line/character of it. */
export interface TextPosition {
    readonly offset: number;
    readonly line: number;
    readonly character: number;
}

/**
 * A one-character edit for the LSP edit benchmark: the digit of a speaker's `hold 90s` nearest the middle
 * of the file. Replacing it with `replacements[k % 2]` keeps the file valid (hold 80s / 90s), so every
 * edit costs a full rebuild without changing the diagnostics.
 */
export function editPosition(text: string): TextPosition & { readonly replacements: readonly [string, string] } {
    const offset = nearestMiddle(text, 'hold 90s', 'hold '.length);
    return { ...positionAt(text, offset), replacements: ['8', '9'] };
}

/** The position just after `peers ` in the speaker nearest the middle of the file (completion offers routers). */
export function completionPosition(text: string): TextPosition {
    return positionAt(text, nearestMiddle(text, 'peers ', 'peers '.length));
}

function nearestMiddle(text: string, needle: string, delta: number): number {
    const middle = text.length / 2;
    let best = -1;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
        if (best < 0 || Math.abs(at - middle) < Math.abs(best - middle)) {
            best = at;
        }
    }
    if (best < 0) {
        throw new Error(`'${needle}' does not occur in the text`);
    }
    return best + delta;
}

export function positionAt(text: string, offset: number): TextPosition {
    let line = 0;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
    }
    return { offset, line, character: offset - lineStart };
}

function splitEvenly(total: number, parts: number): number[] {
    const base = Math.floor(total / parts);
    return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

function range(from: number, to: number): number[] {
    return Array.from({ length: to - from }, (_, i) => from + i);
}

function shuffle<T>(items: T[], random: () => number): T[] {
    for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
}
