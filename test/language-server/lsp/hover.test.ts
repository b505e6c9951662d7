import { expectHover } from 'langium/test';
import { describe, test } from 'vitest';
import { bgptopo } from '../../support/bgptopo-test-services.js';
import { SITE } from './lsp-fixtures.js';
import { RACKS_HEAD } from '../../support/racks-topology.js';

const hover = expectHover(bgptopo);

describe('hover on literals', () => {
    test('a private ASN shows its class and RFC', async () => {
        await hover({ text: SITE.replace('asn 65001', 'asn <|>65001'), index: 0, hover: /\*\*AS 65001\*\*[\s\S]*private[\s\S]*RFC 6996/ });
    });

    test('an asdot ASN shows its asplain value and its documentation class', async () => {
        await hover({ text: SITE.replace('asn 65001', 'asn <|>1.10'), index: 0, hover: /asdot 1\.10 = asplain 65546[\s\S]*documentation[\s\S]*RFC 5398/ });
    });

    test('a reserved ASN on a router says so', async () => {
        await hover({ text: SITE.replace('router tor2 { asn 65000', 'router tor2 { asn <|>23456'), index: 0, hover: /AS_TRANS[\s\S]*RFC 6793/ });
    });

    test('a network prefix shows its size, bounds and the pod CIDRs inside', async () => {
        const text = SITE.replace('network pods 10.244.0.0/16', 'network pods <|>10.244.0.0/16');
        await hover({ text, index: 0, hover: /65,536 addresses/ });
        await hover({ text, index: 0, hover: /First 10\.244\.0\.0 · last 10\.244\.255\.255/ });
        await hover({ text, index: 0, hover: /pod CIDR 10\.244\.1\.0\/24 — node `cp1`/ });
    });

    test('an underlay prefix lists the host addresses and VIPs inside it', async () => {
        const text = SITE.replace('network fabric 10.0.0.0/16', 'network fabric <|>10.0.0.0/16');
        await hover({ text, index: 0, hover: /10\.0\.0\.1 — router `tor1`[\s\S]*10\.0\.1\.5 — node `cp1`[\s\S]*10\.0\.0\.100 — VIP `api`/ });
    });

    test('a node pod-cidr is a prefix too', async () => {
        await hover({ text: SITE.replace('pod-cidr 10.244.1.0/24', 'pod-cidr <|>10.244.1.0/24'), index: 0, hover: /256 addresses/ });
    });
});

describe('hover on names', () => {
    test('a router shows its addresses and derived sessions', async () => {
        const text = SITE.replace('router tor1', 'router <|>tor1');
        await hover({ text, index: 0, hover: /AS 65000/ });
        await hover({ text, index: 0, hover: /10\.0\.0\.1 on `fabric` 10\.0\.0\.0\/16 \(underlay\)/ });
        await hover({ text, index: 0, hover: /metallb AS 65001 → AS 65000: cp1 10\.0\.1\.5 → tor1 10\.0\.0\.1 · eBGP · single-hop/ });
        await hover({ text, index: 0, hover: /Holds VIPs:[\s\S]*`kv` 10\.0\.0\.101 \(keepalived VRID 1, priority 100\)/ });
    });

    test('a node reference shows the node, its sessions and VIPs', async () => {
        const text = SITE.replace('speakers cp1', 'speakers <|>cp1');
        await hover({ text, index: 0, hover: /node `cp1` \(control-plane, cluster prod\)/ });
        await hover({ text, index: 0, hover: /metallb AS 65001 → AS 65000/ });
        await hover({ text, index: 0, hover: /`api` 10\.0\.0\.100 \(kube-vip arp\)/ });
    });

    test('a VIP shows its mechanism, interface, network and holders by priority', async () => {
        const text = SITE.replace('vip kv', 'vip <|>kv');
        await hover({ text, index: 0, hover: /mechanism: keepalived VRID 1/ });
        await hover({ text, index: 0, hover: /network: `fabric`/ });
        await hover({ text, index: 0, hover: /Holders \(2\):\n- router `tor1` priority 100\n- load balancer `lb1` priority 90/ });
    });

    test('a network reference shows its role and prefix facts', async () => {
        await hover({ text: SITE.replace('pool pool1', 'pool <|>pool1'), index: 0, hover: /network pool1\*\* — role loadbalancer[\s\S]*256 addresses/ });
    });

    test('a keyword has no hover', async () => {
        await hover({ text: SITE.replace('cluster other', '<|>cluster other'), index: 0, hover: undefined });
    });
});

describe('hover on a peer line (LANGUAGE-V2 §12)', () => {
    const RACKS = `${RACKS_HEAD}cluster prod {
  metallb {
    asn 64512
    pool lb
    PEERS
  }
  node cp1 control-plane { address 192.0.2.11  labels rack=a }
  node cp2 control-plane { address 192.0.2.12  labels rack=a }
  node cp3 control-plane { address 192.0.2.75  labels rack=b }
}
`;

    test("the `peer` keyword shows that group's rows of the sessions table, and only those", async () => {
        const text = RACKS.replace('PEERS', 'peer tor-a { speakers rack=a }\n    <|>peer tor-b { speakers rack=b  hold 9s  keepalive 3s }');
        await hover({ text, index: 0, hover: /\*\*peer tor-b\*\* — metallb of cluster prod[\s\S]*1 session:/ });
        await hover({ text, index: 0, hover: /\| tor-b \| 192\.0\.2\.65 \| cp3 \| 192\.0\.2\.75 \| ipv4 \| 65102 \/ 64512 ebgp \| port 1790, hold 9s, keepalive 3s \|/ });
        await hover({ text, index: 0, hover: /^(?![\s\S]*cp1)/ });
    });

    test('the v1 `peers` keyword shows the rows of its routers', async () => {
        const text = RACKS.replace('PEERS', '<|>peers tor-a');
        await hover({ text, index: 0, hover: /\*\*peers tor-a\*\*[\s\S]*3 sessions:[\s\S]*\| tor-a \| 192\.0\.2\.1 \| cp1 \|/ });
    });

    test('a router name on the line still shows the router', async () => {
        const text = RACKS.replace('PEERS', 'peer <|>tor-a');
        await hover({ text, index: 0, hover: /\*\*router `tor-a`\*\*/ });
    });
});
