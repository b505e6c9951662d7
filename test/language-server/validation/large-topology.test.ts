/**
 * A 5,000-node topology with a handful of injected faults: validation finds exactly those. The overlap,
 * duplicate and neighbor checks sort or hash (n log n); a quadratic check would make this test crawl, but
 * the assertion is on the diagnostics, not on time (timing belongs in bench/).
 */
import { describe, expect, test } from 'vitest';
import { codeOf, summary, validate } from '../../support/bgptopo-test-services.js';

const NODES = 5000;

function ipv4(base: number, index: number): string {
    const value = base + index;
    return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

const LAN = 0x0a000000; // 10.0.0.0/16
const LAN2 = 0x0a010000; // 10.1.0.0/16
const PODS = 0x0a800000; // 10.128.0.0/9

function nodeName(i: number): string {
    return i <= 3 ? `cp${i}` : `w${i}`;
}

/** The generated file; `faults` switches the injected faults on. */
export function largeTopology(faults: boolean): string {
    const lines: string[] = [
        'topology large',
        'network lan  10.0.0.0/16',
        'network lan2 10.1.0.0/16',
        'network pods 10.128.0.0/9 { role pod }',
        'network lbs  172.16.0.0/24 { role loadbalancer }',
        'router tor1 {',
        '  asn 65000',
        '  address 10.0.250.1',
        '  address 10.1.250.1'
    ];
    for (let i = 1; i <= NODES; i++) {
        if (faults && i === 600) {
            continue; // no neighbor line for w600: peer-half-open
        }
        lines.push(`  neighbor ${nodeName(i)} remote-as ${faults && i === 500 ? 65099 : 65010}`);
    }
    lines.push('}');
    lines.push('router tor2 { asn 65000  address 10.0.250.2  address 10.1.250.2  neighbor 10.0.0.0/15 remote-as external }');
    lines.push('vip kapi 10.0.251.100 { kube-vip bgp  holders control-plane of big }');
    lines.push('cluster big {', '  pod-network pods', '  cni calico');
    lines.push('  metallb { asn 65010  peers tor1, tor2  pool lbs }');
    lines.push(`  kube-vip { asn 65011  peers tor2  vip kapi${faults ? '' : '  source address 2'} }`);
    for (let i = 1; i <= NODES; i++) {
        const role = i <= 3 ? 'control-plane' : 'worker';
        const second = faults && i === 200 ? ipv4(LAN2, 100) : ipv4(LAN2, i);
        const podCidr = faults && i === 300 ? `${ipv4(PODS, 299 * 256)}/24` : faults && i === 400 ? '192.168.0.0/24' : `${ipv4(PODS, i * 256)}/24`;
        const routerId = faults && i === 700 ? `  router-id ${ipv4(LAN, 701)}` : '';
        lines.push(`  node ${nodeName(i)} ${role} { address ${ipv4(LAN, i)}  address ${second}  pod-cidr ${podCidr}${routerId} }`);
    }
    lines.push('}');
    return lines.join('\n');
}

function countByCode(codes: string[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const code of codes) {
        counts[code] = (counts[code] ?? 0) + 1;
    }
    return counts;
}

describe('a 5,000-node topology', () => {
    test('without faults it validates clean', async () => {
        const document = await validate(largeTopology(false));
        expect(summary(document)).toBe('');
    }, 120_000);

    test('with injected faults it reports exactly those, each once', async () => {
        const document = await validate(largeTopology(true));
        const diagnostics = document.diagnostics ?? [];
        expect(countByCode(diagnostics.map((d) => codeOf(d) ?? '?')), summary(document)).toEqual({
            'address-duplicate': 1, // w200's second address is w100's
            'cidr-overlap': 1, // w300's pod CIDR is w299's
            'pod-cidr-outside': 1, // w400's pod CIDR is outside the pod network
            'peer-asn-mismatch': 1, // tor1 expects AS 65099 from w500
            'peer-half-open': 1, // tor1 has no neighbor line for w600
            'router-id-duplicate': 1, // w700's router-id is w701's address
            'session-collision': 2 // kube-vip and metallb on cp1–cp3 towards tor2, one per speaker block
        });
        const messages = diagnostics.map((d) => d.message).join('\n');
        expect(messages).toContain('Address 10.1.0.100 of node w200 is already taken by node w100');
        expect(messages).toContain('of node w300 overlaps pod CIDR 10.129.43.0/24 of node w299');
        expect(messages).toContain('Node w701 has router-id 10.0.2.189, already used by node w700');
        expect(messages).toContain('none for w600 (10.0.2.88)');
    }, 120_000);
});
