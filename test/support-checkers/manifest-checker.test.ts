import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest } from '../support/checkers/manifest-checker.js';
import { fixture } from './checker-fixtures.js';

const KUBE_VIP_POD = `apiVersion: v1
kind: Pod
metadata:
  name: kube-vip
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
  - name: kube-vip
    image: ghcr.io/kube-vip/kube-vip:v1.2.3
    imagePullPolicy: IfNotPresent
    args: [manager]
    env:
    - name: bgp_enable
      value: "true"
    - name: bgp_as
      value: "65001"
    securityContext:
      capabilities: {add: [NET_ADMIN, NET_RAW], drop: [ALL]}
    volumeMounts:
    - {name: kubeconfig, mountPath: /etc/kubernetes/admin.conf}
  hostAliases:
  - ip: 127.0.0.1
    hostnames: [kubernetes]
  volumes:
  - name: kubeconfig
    hostPath: {path: /etc/kubernetes/admin.conf}
`;

describe('checkManifest (CRD openAPIV3Schema + built-in core kinds)', () => {
    it('accepts the known-good MetalLB / Cilium / Calico manifests', async () => {
        const result = await checkManifest(fixture('manifests-good.yaml'));
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        // Cilium kinds are cluster-scoped; MetalLB ones carry their namespace: no warnings at all.
        expect(result.warnings).toEqual([]);
    });

    it('rejects the broken manifests with located, field-level errors', async () => {
        const result = await checkManifest(fixture('manifests-broken.yaml'));
        expect(result.ok).toBe(false);
        expect(result.errors).toEqual([
            'line 6: doc#0 BGPPeer/router-a: spec.peerAsn: unknown field',
            'line 8: doc#0 BGPPeer/router-a: spec.peerPort: 70000 must be <= 16384',
            'line 21: doc#2 CiliumBGPClusterConfig/bgp: spec.bgpInstances[0].localASN: 4294967296 must be <= 4294967295',
            expect.stringMatching(/^line 24: doc#2 CiliumBGPClusterConfig\/bgp: spec\.bgpInstances\[0\]\.peers\[0\]\.peerAddress: "10\.0\.1\.300" must match pattern/),
            'line 31: doc#3 IPPool/pool: spec.ipipMode: "always" is not one of "Never", "Always", "CrossSubnet"',
            'line 33: doc#4 CiliumBGPPeeringPolicy/old: <root>: no schema for apiVersion "cilium.io/v2alpha1" kind "CiliumBGPPeeringPolicy"',
        ]);
        expect(result.warnings).toEqual([
            'line 10: doc#1 BGPPeer/router-b: apiVersion: metallb.io/v1beta1 BGPPeer is deprecated (v1beta1 is deprecated, please use v1beta2)',
        ]);
    });

    it('reports an unknown field alone', async () => {
        const text = `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lb-pool
  namespace: metallb-system
spec:
  addresses: [192.0.2.64/27]
  autoassign: true
`;
        const result = await checkManifest(text);
        expect(result.errors).toEqual(['line 8: doc#0 IPAddressPool/lb-pool: spec.autoassign: unknown field']);
    });

    it('reports a bad enum value (case-sensitive) in the native Calico v3 API', async () => {
        const text = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: default-ipv4-ippool
spec:
  cidr: 10.244.0.0/16
  vxlanMode: crosssubnet
  natOutgoing: true
`;
        const result = await checkManifest(text);
        expect(result.errors).toEqual([
            'line 7: doc#0 IPPool/default-ipv4-ippool: spec.vxlanMode: "crosssubnet" is not one of "Never", "Always", "CrossSubnet"',
        ]);
    });

    it('checks ObjectMeta: missing name, non-string label value', async () => {
        const text = `apiVersion: cilium.io/v2
kind: CiliumBGPAdvertisement
metadata:
  labels:
    advertise: true
spec:
  advertisements:
  - advertisementType: PodCIDR
`;
        const result = await checkManifest(text);
        expect(result.errors).toEqual([
            'line 3: doc#0 CiliumBGPAdvertisement/?: metadata.name: required string field missing',
            'line 5: doc#0 CiliumBGPAdvertisement/?: metadata.labels.advertise: value must be a string, got true (quote it)',
        ]);
    });

    describe('built-in v1 Pod (kube-vip static pod)', () => {
        it('accepts the kube-vip static pod', async () => {
            const result = await checkManifest(KUBE_VIP_POD);
            expect(result.errors).toEqual([]);
        });

        it('rejects an unknown top-level key, a non-string env value and a container without image', async () => {
            const text = KUBE_VIP_POD.replace('spec:\n', 'specs: {}\nspec:\n')
                .replace('value: "65001"', 'value: 65001')
                .replace('    image: ghcr.io/kube-vip/kube-vip:v1.2.3\n', '');
            const result = await checkManifest(text);
            expect(result.errors).toEqual([
                'line 6: doc#0 Pod/kube-vip: specs: unknown field',
                // a missing field is located at its parent (the container item)
                'line 10: doc#0 Pod/kube-vip: spec.containers[0].image: required field missing',
                'line 17: doc#0 Pod/kube-vip: spec.containers[0].env[1].value: 65001 must be string',
            ]);
        });

        it('rejects a misspelt container field', async () => {
            const result = await checkManifest(KUBE_VIP_POD.replace('imagePullPolicy', 'imagePullPolicies'));
            expect(result.errors).toEqual(['line 11: doc#0 Pod/kube-vip: spec.containers[0].imagePullPolicies: unknown field']);
        });
    });

    it('checks v1 Secret data encoding', async () => {
        const good = 'apiVersion: v1\nkind: Secret\nmetadata: {name: bgp-password, namespace: metallb-system}\ntype: kubernetes.io/basic-auth\ndata:\n  password: czNjcmV0\n';
        expect((await checkManifest(good)).errors).toEqual([]);
        const bad = await checkManifest(good.replace('czNjcmV0', 's3cret!'));
        expect(bad.errors).toEqual([expect.stringMatching(/^line 6: doc#0 Secret\/bgp-password: data\.password: "s3cret!" must match pattern/)]);
    });

    it('treats kinds without a schema as errors unless allowed', async () => {
        const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {type: ClusterIP}\n';
        expect((await checkManifest(text)).ok).toBe(false);
        const lenient = await checkManifest(text, undefined, { allowUnknownKinds: true });
        expect(lenient.ok).toBe(true);
        expect(lenient.warnings).toHaveLength(1);
    });

    it('checks the DaemonSet and ConfigMap of kube-vip services mode: a misplaced pod field and non-string data are errors', async () => {
        const good = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kubevip, namespace: kube-system}\ndata: {range-global: "10.0.0.1-10.0.0.9"}\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: kv, namespace: kube-system}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {hostNetwork: true, containers: [{name: kube-vip, image: x, env: [{name: svc_enable, value: "true"}]}]}\n';
        expect((await checkManifest(good)).errors).toEqual([]);
        const broken = good.replace('data: {range-global: "10.0.0.1-10.0.0.9"}', 'data: {range-global: 5}').replace('hostNetwork: true, containers', 'hostNetwork: true, hostnetwork: true, containers');
        const result = await checkManifest(broken);
        expect(result.ok).toBe(false);
        expect(result.errors.join('\n')).toMatch(/range-global/);
        expect(result.errors.join('\n')).toMatch(/hostnetwork/);
    });

    it('reports invalid YAML with its line', async () => {
        const result = await checkManifest('apiVersion: v1\nkind: Pod\n---\nmetadata: {name: [}\n');
        expect(result.ok).toBe(false);
        expect(result.errors.some((e) => e.startsWith('line 4: doc#1: invalid YAML'))).toBe(true);
    });

    it('honours x-kubernetes-int-or-string, nullable and preserve-unknown-fields in a CRD', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'bgptopo-crdtest-'));
        try {
            writeFileSync(join(dir, 'widgets.example.org.yaml'), `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.org}
spec:
  group: example.org
  scope: Cluster
  names: {kind: Widget, plural: widgets}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata: {type: object}
          spec:
            type: object
            properties:
              port:
                x-kubernetes-int-or-string: true
              mode:
                type: string
                nullable: true
                enum: [a, b]
              extra:
                type: object
                x-kubernetes-preserve-unknown-fields: true
                properties:
                  known: {type: string}
`);
            const base = 'apiVersion: example.org/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n';
            const ok = await checkManifest(`${base}  port: http\n  mode: null\n  extra: {known: x, anything: 1}\n`, dir);
            expect(ok.errors).toEqual([]);
            expect((await checkManifest(`${base}  port: 8080\n`, dir)).errors).toEqual([]);
            const bad = await checkManifest(`${base}  port: [1]\n  mode: c\n  other: 1\n`, dir);
            expect(bad.errors).toEqual([
                'line 7: doc#0 Widget/w: spec.other: unknown field',
                'line 5: doc#0 Widget/w: spec.port: [1] must be integer',
                'line 5: doc#0 Widget/w: spec.port: [1] must be string',
                'line 5: doc#0 Widget/w: spec.port: [1] must match a schema in anyOf',
                'line 6: doc#0 Widget/w: spec.mode: "c" is not one of "a", "b", null',
            ]);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
