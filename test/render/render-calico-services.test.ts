/**
 * Calico's service advertisement (LANGUAGE-V2 §7, §8; FACTS-V2 §3): `advertise cluster-ips`, `external-ips NET`
 * and `pool NET` on calico-bgp reach BGPConfiguration `default` as serviceClusterIPs / serviceExternalIPs /
 * serviceLoadBalancerIPs, and an item's communities as prefixAdvertisements.
 */
import { describe, expect, test } from 'vitest';
import { load as parseYaml } from 'js-yaml';
import { renderExample, renderText } from './render-fixtures.js';

type Doc = { kind: string; spec?: Record<string, unknown> };

function bgpConfiguration(files: ReadonlyArray<{ path: string; content: string }>, cluster: string): Doc['spec'] {
    const calico = files.find((file) => file.path === `clusters/${cluster}/calico.yaml`);
    expect(calico, `clusters/${cluster}/calico.yaml`).toBeDefined();
    const docs = calico!.content
        .split(/^---$/m)
        .map((part) => parseYaml(part) as Doc)
        .filter(Boolean);
    const configs = docs.filter((doc) => doc.kind === 'BGPConfiguration');
    expect(configs).toHaveLength(1);
    return configs[0].spec;
}

describe('Calico service advertisement in BGPConfiguration default', () => {
    test('the AS-per-rack example: both service networks and both external-IP networks, no communities', async () => {
        const spec = bgpConfiguration((await renderExample('v2/v2-calico-as-per-rack')).files, 'prod');
        expect(spec).toMatchObject({
            serviceClusterIPs: [{ cidr: '203.0.113.0/24' }, { cidr: '2001:db8:96::/112' }],
            serviceExternalIPs: [{ cidr: '192.0.2.160/27' }, { cidr: '2001:db8:e::/112' }]
        });
        expect(spec).not.toHaveProperty('serviceLoadBalancerIPs');
        expect(spec).not.toHaveProperty('prefixAdvertisements');
    });

    test('a pool and communities: serviceLoadBalancerIPs, and prefixAdvertisements with well-known names as values', async () => {
        const text = `topology c
network lan  192.0.2.0/24
network pods 10.244.0.0/16 { role pod }
network lb   203.0.113.0/26 { role loadbalancer }
router r1 { asn 65001  address 192.0.2.1 }
cluster k {
  pod-network pods
  cni calico { encapsulation vxlan }
  calico-bgp { asn 64512  peers r1
    advertise pod-cidrs { communities no-export, 64512:1 }, pool lb { communities 64512:2, 64512:3:4 } }
  node cp1 control-plane { address 192.0.2.11 }
  node cp2 control-plane { address 192.0.2.12 }
  node cp3 control-plane { address 192.0.2.13 }
}
`;
        const spec = bgpConfiguration((await renderText(text)).files, 'k');
        expect(spec).toMatchObject({
            serviceLoadBalancerIPs: [{ cidr: '203.0.113.0/26' }],
            prefixAdvertisements: [
                { cidr: '10.244.0.0/16', communities: ['65535:65281', '64512:1'] },
                { cidr: '203.0.113.0/26', communities: ['64512:2', '64512:3:4'] }
            ]
        });
        expect(spec).not.toHaveProperty('serviceClusterIPs');
    });
});
