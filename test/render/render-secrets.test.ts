/**
 * Secrets and keys: a BGP password reaches frr.conf (and kube-vip's bgp_peers) only through the caller's
 * resolver, never a header or a Kubernetes manifest; a missing secret or key is an error naming it; the
 * preview mode (allowMissingKeys) says what is missing and never invents a value.
 */
import { describe, expect, test } from 'vitest';
import { RenderError } from '../../src/render/render-types.js';
import { BGP_FEATURES, NEIGHBORS_ARP_WG } from './focused-topologies.js';
import { exampleText, renderText } from './render-fixtures.js';

const SECRET = 'Zq7-not-in-any-template';

/** A topology whose kube-vip speaker has a password. */
const KUBE_VIP_WITH_PASSWORD = exampleText('seed-kubevip-cilium-fixed').replace('source address 2', 'source address 2\n    password secret "kv-md5"');

function commentLines(content: string): string[] {
    return content.split('\n').filter((line) => /^\s*[!#]/.test(line));
}

describe('BGP passwords', () => {
    test('come from the resolver into frr.conf, asked by name, and stay out of headers and manifests', async () => {
        const asked: string[] = [];
        const { files } = await renderText(BGP_FEATURES, {
            secrets: (name) => {
                asked.push(name);
                return SECRET;
            }
        });
        expect([...new Set(asked)]).toEqual(['bgp-edge']);
        const frr = files.filter((file) => file.kind === 'frr');
        expect(frr).toHaveLength(2);
        for (const file of frr) {
            expect(file.content).toContain(` neighbor c1-metallb password ${SECRET}\n`);
            expect(commentLines(file.content).join('\n')).not.toContain(SECRET);
        }
        const others = files.filter((file) => file.kind !== 'frr');
        expect(others.length).toBeGreaterThan(0);
        for (const file of others) {
            expect(file.content).not.toContain(SECRET);
        }
        const metallb = files.find((file) => file.kind === 'metallb')!;
        expect(metallb.content).toContain('passwordSecret:\n    name: bgp-edge\n    namespace: metallb-system');
    });

    test('go into kube-vip bgp_peers as the third field', async () => {
        const { files } = await renderText(KUBE_VIP_WITH_PASSWORD, { secrets: () => SECRET });
        const pod = files.find((file) => file.kind === 'kube-vip' && file.host === 'cp1')!;
        expect(pod.content).toContain(`value: 10.0.0.1:65000:${SECRET}:false,10.0.0.2:65000:${SECRET}:false\n`);
        expect(commentLines(pod.content).join('\n')).not.toContain(SECRET);
    });

    test('a missing secret is an error naming the secret and the speaker', async () => {
        const attempt = renderText(BGP_FEATURES);
        await expect(attempt).rejects.toBeInstanceOf(RenderError);
        await expect(attempt).rejects.toThrow(/secret "bgp-edge" is not available/);
        await expect(attempt).rejects.toThrow(/metallb speaker of cluster c1 \(line 14\)/);
    });

    test('a secret FRR or kube-vip cannot carry is refused without echoing it', async () => {
        const attempt = renderText(BGP_FEATURES, { secrets: () => 'two words' });
        await expect(attempt).rejects.toThrow(/secret "bgp-edge" must be/);
        await expect(attempt).rejects.not.toThrow(/two words/);
    });

    test('the preview says the secret is missing and renders no password', async () => {
        const { files } = await renderText(BGP_FEATURES, { allowMissingKeys: true });
        const frr = files.find((file) => file.kind === 'frr')!;
        expect(frr.content).not.toMatch(/^\s*neighbor \S+ password/m);
        expect(frr.content).toContain(' ! password from secret "bgp-edge" not resolved (preview only)\n');
        const preview = await renderText(KUBE_VIP_WITH_PASSWORD, { allowMissingKeys: true });
        const pod = preview.files.find((file) => file.kind === 'kube-vip')!;
        expect(pod.content).toContain('# PREVIEW ONLY: secret "kv-md5" is not resolved');
        expect(pod.content).toContain('value: 10.0.0.1:65000::false,10.0.0.2:65000::false\n');
    });
});

describe('WireGuard public keys', () => {
    test('unknown keys are an error listing the hosts', async () => {
        const attempt = renderText(NEIGHBORS_ARP_WG, { publicKeys: (host) => (host === 'gw' ? undefined : undefined), secrets: () => 'x' });
        await expect(attempt).rejects.toThrow(/wireguard wgm \(line \d+\): public key unknown for c1, c2, gw/);
    });

    test('the preview renders a commented line instead of a key and invents none', async () => {
        const { files } = await renderText(NEIGHBORS_ARP_WG, {
            publicKeys: (host) => (host === 'c1' ? 'ILt0EDVibC4+/Y5iX6v8t6ErCipsLQm8bt7HuDb2TSc=' : undefined),
            allowMissingKeys: true
        });
        const gw = files.find((file) => file.kind === 'wireguard' && file.host === 'gw')!;
        expect(gw.content.match(/^PublicKey = /gm)).toHaveLength(1);
        expect(gw.content).toContain('PublicKey = ILt0EDVibC4+/Y5iX6v8t6ErCipsLQm8bt7HuDb2TSc=\n');
        expect(gw.content).toContain('# PublicKey unknown for c2: not collected yet (preview only)\n');
        expect(gw.content).not.toMatch(/PrivateKey/);
    });

    test('a malformed key is refused', async () => {
        const attempt = renderText(NEIGHBORS_ARP_WG, { publicKeys: () => 'not-a-key', secrets: () => 'x' });
        await expect(attempt).rejects.toThrow(/is not a WireGuard key/);
    });

    test('the private key is loaded by PostUp, never written', async () => {
        const { files } = await renderText(NEIGHBORS_ARP_WG, { secrets: () => 'x' });
        for (const file of files.filter((f) => f.kind === 'wireguard')) {
            expect(file.content).toContain('PostUp = wg set %i private-key /etc/wireguard/wgm.key\n');
            expect(file.content).not.toMatch(/^PrivateKey/m);
        }
    });
});
