/**
 * The password Secrets a deploy creates for MetalLB's `passwordSecret` and Cilium's `authSecretRef`: built
 * from the secret store, named and placed exactly as the rendered manifests refer to them.
 */
import { describe, expect, test } from 'vitest';
import { clusterSecrets } from '../../src/deploy/deploy-cluster-secrets.js';
import { renderTopology } from '../../src/render/render-topology.js';
import { createTemplateLoader } from '../../src/node/template-loader-fs.js';
import { BGP_FEATURES, NEIGHBORS_ARP_WG } from '../render/focused-topologies.js';
import { modelOf } from '../render/render-fixtures.js';

const store = new Map([
    ['bgp-edge', 'edge-pass/1'],
    ['west-bgp', 'w3st#2!']
]);
const resolve = (name: string) => store.get(name);

describe('cluster password Secrets', () => {
    test('MetalLB: a basic-auth Secret in metallb-system with key password, the one the BGPPeer names', async () => {
        const model = await modelOf(BGP_FEATURES);
        const [cluster] = model.clusters;
        const { secrets, missing } = clusterSecrets(cluster, resolve);
        expect(missing).toEqual([]);
        expect(secrets.map((s) => s.path)).toEqual(['Secret metallb-system/bgp-edge']);
        const manifest = JSON.parse(secrets[0].content);
        expect(manifest).toEqual({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'bgp-edge', namespace: 'metallb-system', labels: { 'app.kubernetes.io/managed-by': 'bgptopo' } },
            type: 'kubernetes.io/basic-auth',
            data: { password: Buffer.from('edge-pass/1').toString('base64') }
        });
        expect(secrets[0].secret).toBe('edge-pass/1');
        // The rendered BGPPeers refer to exactly this name and namespace, and never carry the password.
        const metallb = renderTopology(model, { templates: createTemplateLoader(), secrets: resolve }).files.find((f) => f.kind === 'metallb')!;
        expect(metallb.content).toMatch(/passwordSecret:\s+name: bgp-edge\s+namespace: metallb-system/);
        expect(metallb.content).not.toContain('edge-pass/1');
    });

    test('Cilium: an Opaque Secret in kube-system (Cilium’s BGP secrets namespace) named as authSecretRef; clusters without a password get none', async () => {
        const model = await modelOf(NEIGHBORS_ARP_WG);
        const byName = new Map(model.clusters.map((c) => [c.name, c]));
        expect(clusterSecrets(byName.get('east')!, resolve)).toEqual({ secrets: [], missing: [] });
        const { secrets } = clusterSecrets(byName.get('west')!, resolve);
        expect(secrets).toHaveLength(1);
        const manifest = JSON.parse(secrets[0].content);
        expect(manifest.metadata).toMatchObject({ name: 'west-bgp', namespace: 'kube-system' });
        expect(manifest.type).toBe('Opaque');
        expect(Buffer.from(manifest.data.password, 'base64').toString('utf8')).toBe('w3st#2!');
        const cilium = renderTopology(model, { templates: createTemplateLoader(), secrets: resolve, only: ['cilium'] }).files.filter((f) => f.cluster === 'west');
        expect(cilium.map((f) => f.content).join('\n')).toMatch(/authSecretRef: west-bgp/);
    });

    test('a secret the store does not know is reported missing, and no Secret is built for it', async () => {
        const model = await modelOf(BGP_FEATURES);
        expect(clusterSecrets(model.clusters[0], () => undefined)).toEqual({ secrets: [], missing: ['bgp-edge'] });
    });
});
