/**
 * Selectors lowered through the cluster's label index (node-selector.ts): the same nodes, in cluster order, as a
 * scan of every node would choose — whatever order the file names them in, and whichever term is looked up.
 */
import { describe, expect, test } from 'vitest';
import { lower } from './model-fixtures.js';

const TEXT = `topology sel
network lan 192.0.2.0/24
network lb 203.0.113.0/26 { role loadbalancer }
router r1 { asn 65001  address 192.0.2.1 }
cluster c {
  metallb {
    asn 64512
    pool lb
    peer r1 { speakers SELECTOR }
  }
  node cp1 control-plane { address 192.0.2.11  labels rack=a, tier=db }
  node cp2 control-plane { address 192.0.2.12  labels rack=b, tier=web }
  node cp3 control-plane { address 192.0.2.13  labels tier=web }
  node w1  worker        { address 192.0.2.21  labels rack=a, tier=web }
  node w2  worker        { address 192.0.2.22  labels rack=b }
}
`;

describe('selectors through the label index', () => {
    test.each([
        ['w2, cp1', ['cp1', 'w2']],
        ['w2, cp1 or cp3', ['cp1', 'cp3', 'w2']],
        ['tier=web, rack=a', ['w1']],
        ['rack=a, tier=web', ['w1']],
        ['workers, tier=web', ['w1']],
        ['tier=web or rack=b', ['cp2', 'cp3', 'w1', 'w2']],
        ['rack!=a, tier=web', ['cp2', 'cp3']],
        ['tier=none', []],
        ['"rack"="a"', ['cp1', 'w1']]
    ])('speakers %s selects %j', async (selector, expected) => {
        const model = await lower(TEXT.replace('SELECTOR', selector));
        const [group] = model.speakers[0].groups;
        expect(group.selector?.matched.map((node) => node.name)).toEqual(expected);
        expect(group.nodes.map((node) => node.name)).toEqual(expected);
    });

    test('a block that runs on some nodes narrows its groups to them, in cluster order', async () => {
        const model = await lower(TEXT.replace('pool lb', 'pool lb\n    speakers workers').replace('SELECTOR', 'w2 or rack=a'));
        expect(model.speakers[0].groups[0].nodes.map((node) => node.name)).toEqual(['w1', 'w2']);
    });
});
