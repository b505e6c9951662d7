/**
 * kube-vip static pods: deploy puts the rendered manifest into /etc/kubernetes/manifests/ on the
 * control-plane node (root-only, mode 0600) and leaves nothing else there — kubelet starts every
 * non-hidden file of that folder as a pod, so staging files must be hidden and backups must live elsewhere.
 * Needs root (network namespaces); fails under CI without it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { applyDeploy, closeSessions, planDeploy } from '../../src/deploy/deploy-run.js';
import { SshSession } from '../../src/deploy/ssh-session.js';
import type { TopologyModel } from '../../src/model/index.js';
import { renderTopology } from '../../src/render/render-topology.js';
import { createTemplateLoader } from '../../src/node/template-loader-fs.js';
import type { RenderedFile } from '../../src/render/render-types.js';
import { createLab, type Lab, type LabBlock } from '../lab/index.js';
import { modelOf } from '../render/render-fixtures.js';
import { privateBackups } from './support/deploy-lab.js';
import { describeAsRoot } from './support/deploy-root.js';

function topology(b: LabBlock): string {
    return `topology kvlab
defaults { interface eth0 }
network lan ${b.subnet(0)} { interface eth0 }
network pods 10.244.0.0/16 { role pod }
router r1 { asn 65000  address ${b.ip(0, 1)} }
vip api ${b.ip(14, 10)} {
  kube-vip bgp
  holders control-plane of k
  health-check tcp 6443 every 5s
}
cluster k {
  pod-network pods
  kube-vip { asn 65001  peers r1  vip api }
  node cp1 control-plane { address ${b.ip(0, 11)} }
  node cp2 control-plane { address ${b.ip(0, 12)} }
  node cp3 control-plane { address ${b.ip(0, 13)} }
}
`;
}

describeAsRoot('deploy of kube-vip static pods', () => {
    let lab: Lab;
    let model: TopologyModel;
    let files: RenderedFile[];

    beforeAll(async () => {
        let block: LabBlock | undefined;
        lab = await createLab((b) => {
            block = b;
            return { segments: [{ name: 'lan', cidr: b.subnet(0) }], hosts: [{ name: 'cp1', kind: 'node', addresses: [b.address(0, 11)], daemons: ['sshd'] }] };
        });
        await privateBackups(lab);
        model = await modelOf(topology(block!));
        files = renderTopology(model, { templates: createTemplateLoader(), hosts: ['cp1'] }).files;
    }, 120_000);

    afterAll(async () => {
        await lab?.destroy();
    });

    test('the manifest lands in /etc/kubernetes/manifests as the only file there, root-only, with its own router-id', async () => {
        expect(files.map((file) => `${file.kind} ${file.path}`)).toEqual(['kube-vip /etc/kubernetes/manifests/kube-vip.yaml']);
        const target = lab.sshTarget('cp1');
        const key = readFileSync(target.privateKeyPath);
        const knownHosts = readFileSync(target.knownHostsPath, 'utf8');
        const connect = () =>
            SshSession.connect({ host: target.host, port: target.port, user: target.username, privateKey: key, hostKeys: { knownHosts: () => knownHosts, onUnknownKey: async () => false } });
        const options = { concurrency: 1, owner: 'kube-vip-test', reporter: { info: () => undefined } };
        const run = await planDeploy(model, files, connect, options);
        try {
            expect(run.plans[0].files.map((file) => file.change)).toEqual(['create']);
            const results = await applyDeploy(model, run, options);
            expect(results.map((result) => result.outcome)).toEqual(['applied']);
        } finally {
            closeSessions(run);
        }
        const listing = (await lab.exec('cp1', ['ls', '-A', '/etc/kubernetes/manifests'])).stdout.trim().split('\n');
        expect(listing).toEqual(['kube-vip.yaml']);
        const stat = (await lab.exec('cp1', ['stat', '-c', '%a %U', '/etc/kubernetes/manifests/kube-vip.yaml'])).stdout.trim();
        expect(stat).toBe('600 root');
        const installed = await lab.readFile('cp1', '/etc/kubernetes/manifests/kube-vip.yaml');
        expect(installed).toBe(files[0].content);
        expect(installed).toContain(`value: ${model.nodes[0].routerId!.text}`);
        expect(installed).not.toMatch(new RegExp(`bgp_routerid[\\s\\S]{0,40}value: "?${model.vips[0].address!.text}`));

        // An update backs the old manifest up outside the folder kubelet reads.
        const updated = renderTopology(model, { templates: createTemplateLoader(), hosts: ['cp1'], kubeVipImage: 'ghcr.io/kube-vip/kube-vip:v1.2.2' }).files;
        const second = await planDeploy(model, updated, connect, options);
        try {
            expect(second.plans[0].files.map((file) => file.change)).toEqual(['update']);
            const results = await applyDeploy(model, second, options);
            expect(results.map((result) => result.outcome)).toEqual(['applied']);
            expect(results[0].backupDir).toMatch(/^\/var\/backups\/bgptopo\//);
            const backup = await lab.readFile('cp1', `${results[0].backupDir}/etc/kubernetes/manifests/kube-vip.yaml`);
            expect(backup).toBe(files[0].content);
        } finally {
            closeSessions(second);
        }
        expect((await lab.exec('cp1', ['ls', '-A', '/etc/kubernetes/manifests'])).stdout.trim().split('\n')).toEqual(['kube-vip.yaml']);
        expect(await lab.readFile('cp1', '/etc/kubernetes/manifests/kube-vip.yaml')).toContain('kube-vip:v1.2.2');
    });
});
