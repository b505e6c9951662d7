/**
 * The workflows' inputs are plain data: built from the model by pure functions, they survive JSON (what a
 * language server sends) unchanged, carry no AST node, and hold what the file states about SSH.
 */
import { describe, expect, test } from 'vitest';
import { deployInput } from '../../src/deploy/deploy-input.js';
import { failoverInput } from '../../src/deploy/failover-test.js';
import { verifyInput } from '../../src/deploy/verify-input.js';
import { evaluatePlan } from '../../src/deploy/verify-plan.js';
import { modelFromText } from './verify-lab-setup.js';

const TEXT = `topology inputs
defaults { ssh user ops  ssh jump 10.77.0.9:2222 }
network lan 10.77.0.0/24 { interface eth0 }
network pods 10.244.0.0/16 { role pod }
network services 10.96.0.0/12 { role service }
network vpn 10.99.0.0/24 { role vpn  interface wg0 }
network lb 198.51.100.0/24 { role loadbalancer }
router r1 { asn 64512  address 10.77.0.1  ssh root@10.77.0.1:2200 }
router r2 { asn 64512  address 10.77.0.2 }
vip gw 10.77.0.250 {
  keepalived vrid 51
  holders r1 priority 150, r2 priority 100
}
cluster prod {
  pod-network pods
  service-network services
  metallb {
    asn 65010
    pool lb
    peers r1, r2
    password secret "edge"
  }
  node cp1 control-plane { address 10.77.0.21  address 10.99.0.21 }
  node w1 worker { address 10.77.0.31  address 10.99.0.31 }
}
wireguard wg0 {
  network vpn
  listen-port 51820
  members cp1, w1
}
`;

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const lineOf = (text: string, fragment: string): number => text.split('\n').findIndex((line) => line.includes(fragment)) + 1;

describe('workflow inputs', () => {
    test("deploy input: a peer group's own secret is deployed beside the block's (LANGUAGE-V2 §2)", async () => {
        const text = TEXT.replace('    peers r1, r2\n    password secret "edge"', '    password secret "edge"\n    peers r1\n    peer r2 { password secret "edge-r2" }');
        const model = await modelFromText(text, 'file:///groups.bgptopo');
        const input = deployInput(model, 'file:///groups.bgptopo');
        expect(input.secretNames).toEqual(['edge', 'edge-r2']);
        expect(input.clusters.find((cluster) => cluster.name === 'prod')!.speakers).toEqual([
            { kind: 'metallb', passwordSecret: 'edge' },
            { kind: 'metallb', passwordSecret: 'edge-r2' }
        ]);
    });

    test('deploy input: JSON-safe, VIP groups, meshes, clusters, preparation, secrets, SSH as stated', async () => {
        const model = await modelFromText(TEXT, 'file:///inputs.bgptopo');
        const input = deployInput(model, 'file:///inputs.bgptopo');
        expect(roundTrip(input)).toEqual(input);
        expect(input.vipGroups).toEqual([{ vip: 'gw', holders: [{ host: 'r1', priority: 150 }, { host: 'r2', priority: 100 }] }]);
        expect(input.meshes).toEqual([{ name: 'wg0', members: ['cp1', 'w1'] }]);
        expect(input.clusters).toEqual([{ name: 'prod', line: lineOf(TEXT, 'cluster prod {'), controlPlane: 'cp1', nodeObjects: [], speakers: [{ kind: 'metallb', passwordSecret: 'edge' }] }]);
        expect(input.secretNames).toEqual(['edge']);
        expect(input.preparation.map((file) => `${file.host}:${file.path}`)).toEqual(['r1:/etc/sysctl.d/60-bgptopo.conf', 'r2:/etc/sysctl.d/60-bgptopo.conf']);
        const ssh = new Map(input.hosts.map((host) => [host.name, host.ssh]));
        // r1's own line states user and port; r2 takes the defaults' user (stated) and the built-in port.
        expect(ssh.get('r1')).toMatchObject({ user: 'root', host: '10.77.0.1', port: 2200, stated: { user: true, port: true } });
        expect(ssh.get('r2')).toMatchObject({ user: 'ops', host: '10.77.0.2', port: 22, stated: { user: true, port: false } });
        expect(ssh.get('r2')!.jump).toMatchObject({ user: 'ops', host: '10.77.0.9', port: 2222, stated: { user: true, port: true } });
    });

    test("deploy input: the Nodes nodes.yaml names, by Kubernetes name, each with its node's line", async () => {
        const text = TEXT.replace('node w1 worker {', 'node w1 worker { labels rack=b  hostname "w1.example.lan" ').replace('node cp1 control-plane {', 'node cp1 control-plane { labels rack=a ');
        const model = await modelFromText(text, 'file:///nodes.bgptopo');
        const cluster = deployInput(model, 'file:///nodes.bgptopo').clusters[0]!;
        expect(cluster.nodeObjects).toEqual([
            { node: 'cp1', kubernetesName: 'cp1', line: lineOf(text, 'node cp1 control-plane') },
            { node: 'w1', kubernetesName: 'w1.example.lan', line: lineOf(text, 'node w1 worker') }
        ]);
        expect(lineOf(text, 'node w1 worker')).toBe(24);
    });

    test('without defaults the user is the built-in root, marked as not stated', async () => {
        const model = await modelFromText('topology bare\nnetwork lan 10.1.0.0/24\nrouter r1 { asn 64512  address 10.1.0.1 }\nrouter r2 { asn 64512  address 10.1.0.2  ssh admin@10.1.0.2 }\n');
        const ssh = new Map(deployInput(model, '').hosts.map((host) => [host.name, host.ssh]));
        expect(ssh.get('r1')).toMatchObject({ user: 'root', stated: { user: false, port: false } });
        expect(ssh.get('r2')).toMatchObject({ user: 'admin', stated: { user: true, port: false } });
    });

    test('verify input: JSON-safe, and its checks judge the same after the round trip', async () => {
        const model = await modelFromText(TEXT, 'file:///inputs.bgptopo');
        const input = verifyInput(model, 'file:///inputs.bgptopo');
        const sent = roundTrip(input);
        expect(sent).toEqual(input);
        expect(sent.hosts.map((host) => host.target.name)).toEqual(['r1', 'r2', 'cp1', 'w1']);
        const missing = (host: string) => ({ missing: `${host}: unreachable` });
        expect(evaluatePlan(sent, missing)).toEqual(evaluatePlan(input, missing));
        const sessionCheck = sent.checks.find((check) => check.kind === 'bgp-session')!;
        expect(sessionCheck.location.line).toBeGreaterThan(0);
        expect(sessionCheck.rule).toMatchObject({ rule: 'bgp-session', router: 'r1', node: 'cp1', source: '10.77.0.21' });
    });

    test('failover input: JSON-safe, the holders, the preferred one and the affected sessions', async () => {
        const model = await modelFromText(TEXT, 'file:///inputs.bgptopo');
        const input = failoverInput(model, 'gw', 'file:///inputs.bgptopo');
        expect(roundTrip(input)).toEqual(input);
        expect(input).toMatchObject({ vip: 'gw', address: '10.77.0.250', category: 'bgp', preferred: 'r1' });
        expect(input.holders.map((host) => host.name)).toEqual(['r1', 'r2']);
        expect(input.sessions).toEqual([
            { router: 'r1', source: '10.77.0.21' },
            { router: 'r2', source: '10.77.0.21' },
            { router: 'r1', source: '10.77.0.31' },
            { router: 'r2', source: '10.77.0.31' }
        ]);
        expect(() => failoverInput(model, 'nope', '')).toThrow(/no VIP named nope/);
    });
});
