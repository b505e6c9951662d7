/** A keepalived VIP must resolve to an interface: its own, its network's, or the default one. */
import { describe, expect, test } from 'vitest';
import { codeOf, validate } from '../../support/bgptopo-test-services.js';

const topology = (extra: string, networkOptions = '') => `topology t
${extra}
network lan 10.0.0.0/24 ${networkOptions}
router r1 { asn 65000  address 10.0.0.1 }
router r2 { asn 65000  address 10.0.0.2 }
vip gw 10.0.0.250 {
  keepalived vrid 7
  holders r1 priority 150, r2 priority 100
}
`;

async function vipOptionLines(text: string): Promise<number[]> {
    const document = await validate(text);
    return (document.diagnostics ?? []).filter((d) => codeOf(d) === 'vip-option').map((d) => d.range.start.line);
}

describe('keepalived VIP interface', () => {
    test('is an error when nothing names an interface, on the mechanism line', async () => {
        expect(await vipOptionLines(topology(''))).toEqual([6]);
    });

    test.each([
        ['the network interface', topology('', '{ interface eth0 }')],
        ['the defaults interface', topology('defaults { interface eth0 }')]
    ])('is satisfied by %s', async (_what, text) => {
        expect(await vipOptionLines(text)).toEqual([]);
    });
});
