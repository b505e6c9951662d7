/** Hover on what is announced (LANGUAGE-V2 §7): what a pool hands out, and who receives each advertisement, how. */
import { expectHover } from 'langium/test';
import { describe, test } from 'vitest';
import { bgptopo } from '../../support/bgptopo-test-services.js';

const hover = expectHover(bgptopo);

const SITE = `topology pools
network rack 192.0.2.0/26
network lb-web 203.0.113.0/24 { role loadbalancer  range 203.0.113.10-203.0.113.19, 203.0.113.30-203.0.113.31  services tier=web  namespaces shop }
network lb-int 198.51.100.0/26 { role loadbalancer  auto-assign off }
router tor1 { asn 65101  address 192.0.2.1 }
router tor2 { asn 64512  address 192.0.2.2 }
cluster prod {
  metallb {
    asn 64512
    peer tor1, tor2
    pool lb-web, lb-int
    advertise pool lb-web { aggregate 32  communities 64512:100, no-advertise },
              pool lb-web { aggregate 28 },
              pool lb-int { to tor2  speakers cp1  local-pref 200 }
  }
  node cp1 control-plane { address 192.0.2.11 }
  node cp2 control-plane { address 192.0.2.12 }
  node cp3 control-plane { address 192.0.2.13 }
}
`;

describe('hover on pools and advertisements', () => {
    test('a pool shows its ranges, how many addresses, to which Services, and each advertisement of it', async () => {
        const text = SITE.replace('network lb-web', 'network <|>lb-web');
        await hover({ text, index: 0, hover: /203\.0\.113\.10 – 203\.0\.113\.19\n- 203\.0\.113\.30 – 203\.0\.113\.31\n- 12 address\(es\)/ });
        await hover({ text, index: 0, hover: /to Services labelled tier=web in namespace\(s\) shop/ });
        await hover({ text, index: 0, hover: /metallb \(prod\) → tor1, tor2 from 3 node\(s\), as \/32, communities 64512:100, no-advertise \(65535:65282\)/ });
        await hover({ text, index: 0, hover: /metallb \(prod\) → tor1, tor2 from 3 node\(s\), as \/28/ });
    });

    test('a pool with auto-assign off says addresses go only to Services that ask', async () => {
        await hover({ text: SITE.replace('network lb-int', 'network <|>lb-int'), index: 0, hover: /to any Service, only when asked for \(auto-assign off\)/ });
    });

    test('an advertise item names its routers, nodes, local-pref (iBGP) and the prefixes the routers accept', async () => {
        const text = SITE.replace('pool lb-int { to tor2', '<|>pool lb-int { to tor2');
        await hover({ text, index: 0, hover: /metallb \(prod\) → tor2 from 1 node\(s\), per address, local-pref 200 \(iBGP: tor2\)/ });
        await hover({ text, index: 0, hover: /Routers accept:\n- `198\.51\.100\.0\/26 ge 32`/ });
    });

    test('an aggregated advertisement of ranges lists the aggregates the routers accept', async () => {
        const text = SITE.replace('pool lb-web { aggregate 28 }', '<|>pool lb-web { aggregate 28 }');
        await hover({ text, index: 0, hover: /Routers accept:\n- `203\.0\.113\.0\/28`\n- `203\.0\.113\.16\/28`/ });
    });
});
