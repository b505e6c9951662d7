/**
 * Values that reach configs, manifests and commands are checked against the grammar of where they go, on
 * the property that holds them. Issue 12's example (an interface string that writes a keepalived
 * `virtual_server` block) is the regression test.
 */
import { describe, expect, test } from 'vitest';
import { codeOf, validate } from '../../support/bgptopo-test-services.js';
import { ISSUE_12_TOPOLOGY } from '../../support/issue-12-topology.js';
import { rangeOf } from './validation-test-support.js';

async function errors(text: string) {
    const document = await validate(text);
    return (document.diagnostics ?? []).filter((d) => d.severity === 1).map((d) => ({ code: codeOf(d), range: d.range, message: d.message }));
}

describe('issue 12: a topology cannot write directives into a config', () => {
    test('both interface strings are errors on the strings themselves, naming the rule', async () => {
        const found = await errors(ISSUE_12_TOPOLOGY);
        expect(found.map((e) => e.code)).toEqual(['interface-invalid', 'interface-invalid']);
        expect(found[0].range).toEqual(rangeOf(ISSUE_12_TOPOLOGY, '"eth0$(id)"'));
        expect(found[0].message).toMatch(/'\$' is not allowed.*1–15 bytes \(Linux IFNAMSIZ\)/);
        expect(found[1].range).toEqual(rangeOf(ISSUE_12_TOPOLOGY, '"eth0\\nvirtual_server 1.2.3.4 80 {"'));
        expect(found[1].message).toMatch(/^Interface name "eth0\\nvirtual_server 1\.2\.3\.4 80 \{" is not valid: a line break is not allowed \(Linux forbids it\)/);
    });

    test('the same file with plain interface names has no error', async () => {
        const plain = ISSUE_12_TOPOLOGY.replace('"eth0$(id)"', 'eth0').replace('"eth0\\nvirtual_server 1.2.3.4 80 {"', '"eth0"');
        expect(await errors(plain)).toEqual([]);
    });
});

describe('every escape form of a line break is seen as the model will carry it', () => {
    test.each([
        ['\\n', '"eth0\\nx"'],
        ['\\r', '"eth0\\rx"'],
        ['\\0 (NUL)', '"eth0\\0x"'],
        ['\\v', '"eth0\\vx"'],
        ['a raw U+2028', '"eth0\u2028x"'],
        ['a raw NEL (U+0085)', '"eth0\u0085x"'],
        ['\\u000a inside a quoted string (decoded twice by the model)', '"\\"eth0\\\\u000ax\\""'],
        ['\\u2028 inside a quoted string', '"\\"eth0\\\\u2028x\\""']
    ])('%s', async (_form, literal) => {
        const text = `topology t\nnetwork lan 10.0.0.0/24 { interface ${literal} }\n`;
        const found = await errors(text);
        expect(found.map((e) => e.code)).toEqual(['interface-invalid']);
        expect(found[0].message).toMatch(/(a line break|a NUL character|the control character U\+000B) is not allowed/);
    });
});

describe('secret names: the rule render applies is a validation error first', () => {
    test('a secret name that is not a DNS-1123 label is an error on the name', async () => {
        const text = `topology t
network lan 10.0.0.0/24
network pool 203.0.113.0/24 { role loadbalancer }
router tor { asn 65000  address 10.0.0.1 }
cluster k {
  metallb { asn 65010  peers tor  pool pool  password secret "bgp:md5" }
  node cp1 control-plane { address 10.0.0.11 }
  node cp2 control-plane { address 10.0.0.12 }
  node cp3 control-plane { address 10.0.0.13 }
}
`.replace(/pool pool/, 'pool lbpool').replace('network pool', 'network lbpool');
        const found = await errors(text);
        expect(found.map((e) => e.code)).toEqual(['secret-name-invalid']);
        expect(found[0].range).toEqual(rangeOf(text, '"bgp:md5"'));
        expect(found[0].message).toMatch(/':' is not allowed: a secret name becomes a Kubernetes Secret name/);
    });
});
