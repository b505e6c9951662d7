import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bgptopo, codeOf, codes, validate } from '../../support/bgptopo-test-services.js';

interface Applied {
    readonly action: CodeAction;
    readonly actions: CodeAction[];
    readonly text: string;
    readonly before: Diagnostic[];
    readonly after: Diagnostic[];
}

function errors(diagnostics: Diagnostic[]): string[] {
    return diagnostics.filter((d) => d.severity === 1).map((d) => codeOf(d) ?? '?').sort();
}

/**
 * Validate `text`, ask for the quick fixes of the first diagnostic with `code`, apply the one whose title
 * matches `pick` (or the only one), validate the result, and check the diagnostic is gone with no new error.
 */
async function applyFix(text: string, code: string, pick?: RegExp): Promise<Applied> {
    const document = await validate(text);
    const before = document.diagnostics ?? [];
    const diagnostic = before.find((d) => codeOf(d) === code);
    expect(diagnostic, `no ${code} diagnostic in:\n${text}`).toBeDefined();
    const actions = (await bgptopo.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() },
        range: diagnostic!.range,
        context: { diagnostics: [diagnostic!] }
    })) as CodeAction[];
    const action = pick ? actions.find((candidate) => pick.test(candidate.title)) : actions[0];
    expect(action, `no fix for ${code}: ${actions.map((a) => a.title).join('; ')}`).toBeDefined();
    const edits = action!.edit!.changes![document.uri.toString()];
    const fixed = TextDocument.applyEdits(document.textDocument, edits);
    const after = (await validate(fixed)).diagnostics ?? [];
    expect(after.map(codeOf), fixed).not.toContain(code);
    const remaining = errors(before).filter((c) => c !== code);
    expect(errors(after).filter((c) => !remaining.includes(c)), fixed).toEqual([]);
    return { action: action!, actions, text: fixed, before, after };
}

const HEAD = 'topology t\nnetwork fabric 10.0.0.0/24\n';

describe('quick fixes', () => {
    test('cidr-host-bits → the network address', async () => {
        const { text, action } = await applyFix(`${HEAD}network pods 10.244.1.5/16 { role pod }\n`, 'cidr-host-bits');
        expect(text).toContain('network pods 10.244.0.0/16 { role pod }');
        expect(action.isPreferred).toBe(true);
        expect(action.title).toBe('Use the network address 10.244.0.0/16');
    });

    test('address-duplicate → the next free address of the network', async () => {
        const source = `${HEAD}router r1 { asn 65000  address 10.0.0.1 }\nrouter r2 { asn 65000  address 10.0.0.2  router-id 10.9.9.9 }\nloadbalancer lb { address 10.0.0.1 }\n`;
        const { text, action } = await applyFix(source, 'address-duplicate');
        expect(text).toContain('loadbalancer lb { address 10.0.0.3 }');
        expect(action.title).toBe('Use the next free address of fabric: 10.0.0.3');
        expect(action.isPreferred).toBe(true);
    });

    test('address-duplicate on a VIP skips taken and reserved addresses', async () => {
        const source = `${HEAD}router r1 { asn 65000  address 10.0.0.254 }\nrouter r2 { asn 65000  address 10.0.0.1 }\nvip v 10.0.0.254 { keepalived vrid 1  holders r1 priority 100, r2 priority 90 }\n`;
        const { text } = await applyFix(source, 'address-duplicate');
        // .255 is the broadcast address, .0 the network address, .1 is r1's: the search wraps to .2.
        expect(text).toContain('vip v 10.0.0.2 {');
    });

    test('vrrp-vrid-duplicate → the next free VRID on the segment', async () => {
        const source = `${HEAD}router r1 { asn 65000  address 10.0.0.1 }\nrouter r2 { asn 65000  address 10.0.0.2 }
vip a 10.0.0.10 { keepalived vrid 51  holders r1 priority 100, r2 priority 90 }
vip b 10.0.0.11 { keepalived vrid 52  holders r1 priority 100, r2 priority 90 }
vip c 10.0.0.12 { keepalived vrid 51  holders r1 priority 100, r2 priority 90 }
`;
        const { text, action } = await applyFix(source, 'vrrp-vrid-duplicate');
        expect(text).toContain('vip c 10.0.0.12 { keepalived vrid 53');
        expect(action.isPreferred).toBe(true);
    });

    test('asn-reserved → the next free private ASN of the file', async () => {
        const source = `${HEAD}router r1 { asn 64512  address 10.0.0.1 }\nrouter r2 { asn 23456  address 10.0.0.2 }\n`;
        const { text, action } = await applyFix(source, 'asn-reserved');
        expect(text).toContain('router r2 { asn 64513 ');
        expect(action.title).toBe('Use the free private ASN 64513');
    });

    test('asn-documentation → the next free private ASN of the file', async () => {
        const { text } = await applyFix(`${HEAD}router r1 { asn 64500  address 10.0.0.1 }\n`, 'asn-documentation');
        expect(text).toContain('router r1 { asn 64512 ');
    });

    test('secret-in-source → a secret reference named after cluster and speaker', async () => {
        const source = `${HEAD}router r1 { asn 65000  address 10.0.0.1 }
cluster prod {
  metallb { asn 65001  peers r1  password "hunter2" }
  node n1 control-plane { address 10.0.0.5 }
}
`;
        const { text, action } = await applyFix(source, 'secret-in-source');
        expect(text).toContain('metallb { asn 65001  peers r1  password secret "prod-metallb-bgp" }');
        expect(text).not.toContain('hunter2');
        expect(action.isPreferred).toBe(true);
    });

    test('secret-in-source → the suggested secret name is valid even when the cluster name is not (secret-name-invalid)', async () => {
        const source = `${HEAD}router r1 { asn 65000  address 10.0.0.1 }
cluster Prod_East {
  metallb { asn 65001  peers r1  password "hunter2" }
  node n1 control-plane { address 10.0.0.5 }
}
`;
        const { text } = await applyFix(source, 'secret-in-source');
        expect(text).toContain('password secret "prod-east-metallb-bgp"');
        const after = await validate(text);
        expect(codes(after)).not.toContain('secret-name-invalid');
    });

    const MISMATCH = `${HEAD}router r1 { asn 65000  address 10.0.0.1
  neighbor n1 remote-as 65099
}
cluster prod {
  metallb { asn 65001  peers r1 }
  node n1 control-plane { address 10.0.0.5 }
}
`;

    test('peer-asn-mismatch → align the neighbor line to the speaker', async () => {
        const { text, actions } = await applyFix(MISMATCH, 'peer-asn-mismatch', /neighbor line/);
        expect(text).toContain('neighbor n1 remote-as 65001');
        expect(actions).toHaveLength(2);
        expect(actions.every((action) => !action.isPreferred)).toBe(true);
    });

    test('peer-asn-mismatch → or align the speaker to the declared side', async () => {
        const { text } = await applyFix(MISMATCH, 'peer-asn-mismatch', /router's side/);
        expect(text).toContain('metallb { asn 65099  peers r1 }');
        expect(text).toContain('neighbor n1 remote-as 65099');
    });

    test('peer-asn-mismatch on `remote-as internal` aligns to the router ASN', async () => {
        const { text } = await applyFix(MISMATCH.replace('remote-as 65099', 'remote-as internal'), 'peer-asn-mismatch', /neighbor line/);
        expect(text).toContain('neighbor n1 remote-as 65001');
    });

    test('session-collision → source address 2, adding a second address to each node', async () => {
        const example = readFileSync(join(import.meta.dirname, '../../../examples/seed-kubevip-cilium.bgptopo'), 'utf8');
        const { text, action } = await applyFix(example, 'session-collision');
        expect(action.title).toBe('Source kube-vip sessions from each node\'s address 2 (`source address 2`) and add 2 node addresses');
        expect(text).toContain('    peers tor              # expect: session-collision\n    source address 2\n');
        expect(text).toContain('node cp1 control-plane { address 10.0.1.5 address 10.0.1.7  pod-cidr');
        expect(text).toContain('node cp2 control-plane { address 10.0.1.6 address 10.0.1.8  pod-cidr');
    });

    test('session-collision on a one-line speaker whose nodes have two addresses', async () => {
        const source = `${HEAD}network fabric2 10.0.1.0/24
router r1 { asn 65000  address 10.0.0.1  address 10.0.1.1 }
cluster prod {
  cni cilium
  kube-vip { asn 65001  peers r1 }
  cilium-bgp { asn 65002  peers r1  advertise pod-cidrs }
  node n1 control-plane { address 10.0.0.5  address 10.0.1.5 }
  node n2 control-plane { address 10.0.0.6  address 10.0.1.6 }
  node n3 control-plane { address 10.0.0.7  address 10.0.1.7 }
}
`;
        const { text, action } = await applyFix(source, 'session-collision');
        expect(action.title).toBe('Source kube-vip sessions from each node\'s address 2 (`source address 2`)');
        expect(text).toContain('kube-vip { asn 65001  peers r1 source address 2 }');
    });

    test('diagnostics without a fix get no action', async () => {
        const document = await validate(`${HEAD}router r1 { asn 65000 }\n`);
        const diagnostic = (document.diagnostics ?? []).find((d) => codeOf(d) === 'router-id-missing')!;
        const actions = await bgptopo.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() },
            range: diagnostic.range,
            context: { diagnostics: [diagnostic] }
        });
        expect(actions).toEqual([]);
    });
});
