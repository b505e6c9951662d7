/**
 * The deploy workflow's decisions, the same for every shell, without a lab: hosts on a closed loopback port
 * (a real refused connection), the ports recorded. A missing secret stops before any connection; a
 * WireGuard key that cannot be collected stops a deploy before rendering, and only warns in a plan.
 */
import { describe, expect, test } from 'vitest';
import { deployInput } from '../../src/deploy/deploy-input.js';
import { runDeploy, type DeployPorts } from '../../src/deploy/deploy-workflow.js';
import type { HostTarget } from '../../src/deploy/host-target.js';
import { createSshConnector } from '../../src/deploy/ssh-connector.js';
import { directStage, secretSource } from '../../src/deploy/workflow-ports.js';
import { renderTopology } from '../../src/render/render-topology.js';
import { createTemplateLoader } from '../../src/node/template-loader-fs.js';
import { modelFromText } from './verify-lab-setup.js';

const TEXT = `topology closed
defaults { ssh port 1 }
network lan 127.0.0.0/8
network vpn 10.99.0.0/24 { role vpn  interface wg0 }
network pods 10.244.0.0/16 { role pod }
network services 10.96.0.0/12 { role service }
network lb 203.0.113.0/24 { role loadbalancer }
router r1 { asn 64512  address 127.0.0.1  address 10.99.0.1 }
cluster prod {
  pod-network pods
  service-network services
  metallb {
    asn 65010
    peers r1
    pool lb
    password secret "edge"
  }
  node cp1 control-plane { address 127.0.1.1  address 10.99.0.21 }
}
wireguard wg0 {
  network vpn
  listen-port 51820
  members r1, cp1
}
`;

async function setup(secrets: Record<string, string>) {
    const model = await modelFromText(TEXT, 'file:///closed.bgptopo');
    const connector = createSshConnector(
        { knownHostsFallback: { path: '/dev/null', base: '/' }, topologyDir: '/', home: '/', connectTimeoutMs: 2_000 },
        { passphrase: async () => undefined, trustHostKey: async () => false, info: () => undefined, warn: () => undefined }
    );
    const record = { connected: [] as string[], warnings: [] as string[], rendered: [] as { keys: number; planOnly: boolean }[], asked: 0 };
    const ports: DeployPorts = {
        connect: (host: HostTarget) => {
            record.connected.push(host.name);
            return connector(host);
        },
        progress: { stage: directStage, info: () => undefined, warn: (line) => record.warnings.push(line) },
        secrets: secretSource((name) => secrets[name]),
        render: async ({ publicKeys, secrets: resolve, planOnly }) => {
            record.rendered.push({ keys: publicKeys.size, planOnly });
            return renderTopology(model, { templates: createTemplateLoader([]), secrets: resolve, publicKeys: (host) => publicKeys.get(host), allowMissingKeys: planOnly }).files;
        },
        confirm: async () => {
            record.asked++;
            return true;
        }
    };
    return { input: deployInput(model, 'file:///closed.bgptopo'), ports, record };
}

const request = { manifests: true, concurrency: 4, owner: 'test@here' };

describe('deploy workflow decisions', () => {
    test('a secret the store lacks stops a deploy before any connection', async () => {
        const { input, ports, record } = await setup({});
        expect(await runDeploy(input, { ...request, planOnly: false }, ports)).toEqual({ status: 'missing-secrets', names: ['edge'] });
        expect(record.connected).toEqual([]);
        expect(record.rendered).toEqual([]);
    });

    test('a WireGuard key that cannot be collected stops a deploy before anything is rendered or asked', async () => {
        const { input, ports, record } = await setup({ edge: 'pw' });
        const outcome = await runDeploy(input, { ...request, planOnly: false }, ports);
        expect(outcome.status).toBe('keys-failed');
        expect(outcome.status === 'keys-failed' && outcome.failures.map((failure) => failure.host)).toEqual(['r1', 'cp1']);
        expect(outcome.status === 'keys-failed' && outcome.failures[0].message).toMatch(/ECONNREFUSED|refused/i);
        expect(record.rendered).toEqual([]);
        expect(record.asked).toBe(0);
    });

    test('a plan warns about the missing secret and keys, renders without them, and reports the unreachable hosts', async () => {
        const { input, ports, record } = await setup({});
        const outcome = await runDeploy(input, { ...request, planOnly: true }, ports);
        expect(outcome.status).toBe('planned');
        expect(record.warnings.some((line) => /secret\(s\) edge not set/.test(line))).toBe(true);
        expect(record.warnings.filter((line) => /WireGuard key not collected/.test(line))).toHaveLength(2);
        expect(record.rendered).toEqual([{ keys: 0, planOnly: true }]);
        const plan = outcome.status === 'planned' ? outcome.plan : undefined;
        expect(plan?.run.plans).toEqual([]);
        expect(plan?.run.failures.map((failure) => [failure.host, failure.outcome])).toEqual([
            ['r1', 'unreachable'],
            ['cp1', 'unreachable']
        ]);
        // One connection attempt per host for the whole run: the pool keeps the failed one too.
        expect(record.connected.sort()).toEqual(['cp1', 'r1']);
        expect(record.asked).toBe(0);
    });
});
