/**
 * Node labels (LANGUAGE-V2 §1) as Kubernetes Node metadata: clusters/<cluster>/nodes.yaml holds one `v1 Node` object
 * per node with labels (metadata.name + metadata.labels, nothing else, for server-side apply on the existing Node),
 * merged with Calico's per-node AS annotation when the node has both; no Node object for a node without either, no
 * file for a cluster without any. The objects pass the core-kind schema checker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { afterAll, describe, expect, test } from 'vitest';
import type { RenderedFile } from '../../src/render/render-types.js';
import { checkManifest } from '../support/checkers/index.js';
import { DUAL_STACK, PEER_GROUPS, ROUTER_FABRIC } from './focused-topologies.js';
import { renderText } from './render-fixtures.js';

type NodeDoc = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> } };

const secrets = (name: string): string => `S-${name}`;
/** No CRD is needed for v1 Node: the core-kind schemas apply. */
const crdDir = mkdtempSync(join(tmpdir(), 'bgptopo-node-labels-crds-'));
afterAll(() => rmSync(crdDir, { recursive: true, force: true }));

function nodesFile(files: readonly RenderedFile[], cluster: string): RenderedFile | undefined {
    return files.find((file) => file.cluster === cluster && file.path === `clusters/${cluster}/nodes.yaml`);
}

function docs(file: RenderedFile): NodeDoc[] {
    return file.content
        .split(/^---$/m)
        .map((part) => parseYaml(part) as NodeDoc)
        .filter(Boolean);
}

describe('nodes.yaml', () => {
    test('one Node object per labelled node: its Kubernetes name and labels only; the file passes the core-kind schema', async () => {
        const { files } = await renderText(PEER_GROUPS, { secrets });
        const file = nodesFile(files, 'prod')!;
        expect(file.kind).toBe('nodes');
        expect(docs(file)).toEqual([
            { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cp1', labels: { rack: 'a' } } },
            { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cp2', labels: { rack: 'a' } } },
            { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cp3', labels: { rack: 'b' } } },
            { apiVersion: 'v1', kind: 'Node', metadata: { name: 'w1', labels: { rack: 'a' } } },
            { apiVersion: 'v1', kind: 'Node', metadata: { name: 'w2', labels: { rack: 'b' } } },
            { apiVersion: 'v1', kind: 'Node', metadata: { name: 'w9', labels: { rack: 'c' } } }
        ]);
        const checked = await checkManifest(file.content, crdDir);
        expect(checked.ok, checked.stderr).toBe(true);
        expect(checked.warnings).toEqual([]);
    });

    test('a hostname names the Node; several labels keep their order and a qualified key', async () => {
        const text = PEER_GROUPS.replace('labels zone=z2  hostname', 'labels zone=z2, "topology.kubernetes.io/zone"=zone-b  hostname');
        const { files } = await renderText(text, { secrets });
        expect(docs(nodesFile(files, 'edge')!).map((doc) => doc.metadata)).toEqual([
            { name: 'e1', labels: { zone: 'z1' } },
            { name: 'e2', labels: { zone: 'z1' } },
            { name: 'e3.example.lan', labels: { zone: 'z2', 'topology.kubernetes.io/zone': 'zone-b' } }
        ]);
    });

    test("a node with labels and Calico's own AS gets ONE Node object holding both; Calico's file holds no Node", async () => {
        const text = ROUTER_FABRIC.replace('node k1 control-plane { address 192.0.2.75 ', 'node k1 control-plane { labels rack=b  address 192.0.2.75 ');
        const { files } = await renderText(text, { secrets });
        const file = nodesFile(files, 'kc')!;
        expect(docs(file)).toEqual([
            { apiVersion: 'v1', kind: 'Node', metadata: { name: 'k1', labels: { rack: 'b' }, annotations: { 'projectcalico.org/ASNumber': '65102' } } },
            { apiVersion: 'v1', kind: 'Node', metadata: { name: 'k2', annotations: { 'projectcalico.org/ASNumber': '65102' } } },
            { apiVersion: 'v1', kind: 'Node', metadata: { name: 'k3', annotations: { 'projectcalico.org/ASNumber': '65102' } } }
        ]);
        const calico = files.find((f) => f.path === 'clusters/kc/calico.yaml')!;
        expect(calico.content).not.toMatch(/^kind: Node$/m);
        const checked = await checkManifest(file.content, crdDir);
        expect(checked.ok, checked.stderr).toBe(true);
    });

    test('no labels and no Calico AS: no Node object, no nodes.yaml', async () => {
        const { files } = await renderText(DUAL_STACK, { secrets });
        expect(files.some((file) => file.path === 'clusters/k/metallb.yaml')).toBe(true);
        expect(files.some((file) => file.kind === 'nodes')).toBe(false);
    });
});
