/**
 * Session lifetime: each workflow opens one session per host in a pool and closes every one of them once,
 * after its last use (before, verify closed sessions it had not opened and the CLI closed them again).
 * Against a real sshd on loopback; the probes and the plan only read (ip, date, cat of absent files).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deployInput } from '../../src/deploy/deploy-input.js';
import { runDeploy } from '../../src/deploy/deploy-workflow.js';
import type { HostConnect } from '../../src/deploy/host-target.js';
import { createSshConnector } from '../../src/deploy/ssh-connector.js';
import { verifyInput } from '../../src/deploy/verify-input.js';
import { runVerifyWorkflow } from '../../src/deploy/verify-workflow.js';
import { directStage, secretSource } from '../../src/deploy/workflow-ports.js';
import { renderTopology } from '../../src/render/render-topology.js';
import { createTemplateLoader } from '../../src/node/template-loader-fs.js';
import { startLoopbackSshd, type LoopbackSshd } from '../support/loopback-sshd.js';
import { modelFromText } from './verify-lab-setup.js';

let sshd: LoopbackSshd;
let dir: string;

beforeAll(async () => {
    sshd = await startLoopbackSshd();
    dir = mkdtempSync(join(tmpdir(), 'bgptopo-sessions-'));
    writeFileSync(join(dir, 'id'), sshd.clientKey, { mode: 0o600 });
    writeFileSync(join(dir, 'known_hosts'), sshd.knownHosts);
});

afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
});

/** Two routers behind one loopback address and port, and a VIP both hold: probes and a plan for each. */
const topology = (port: number) => `topology sessions
defaults { ssh port ${port} }
network lo 127.0.0.0/8 { interface lo }
router r1 { asn 64512  address 127.0.0.1  ssh root@127.0.0.1 }
router r2 { asn 64512  address 127.0.0.2  ssh root@127.0.0.1 }
vip gw 127.0.0.250 {
  keepalived vrid 51
  holders r1 priority 150, r2 priority 100
  interface lo
}
`;

/** A connector whose sessions record each close (and any use after it). */
function recording() {
    const connector = createSshConnector(
        { identityOverride: { path: join(dir, 'id'), base: '/' }, knownHostsFallback: { path: join(dir, 'known_hosts'), base: '/' }, topologyDir: dir, home: dir, connectTimeoutMs: 10_000 },
        { passphrase: async () => undefined, trustHostKey: async () => false, info: () => undefined, warn: () => undefined }
    );
    const opened: string[] = [];
    const closed: string[] = [];
    const connect: HostConnect = async (host) => {
        const session = await connector(host);
        opened.push(host.name);
        const close = session.close.bind(session);
        session.close = () => {
            closed.push(host.name);
            close();
        };
        return session;
    };
    return { connect, opened, closed };
}

const progress = { stage: directStage, info: () => undefined, warn: () => undefined };

describe('session lifetime in the workflows', () => {
    test('verify: one session per probed host, each closed once when the report is complete', async () => {
        const model = await modelFromText(topology(sshd.port));
        const record = recording();
        const report = await runVerifyWorkflow(verifyInput(model, 'file:///sessions.bgptopo'), { concurrency: 4 }, { connect: record.connect, progress });
        expect(report.checks.map((check) => check.id)).toEqual(['vip:gw']);
        expect(report.unreachable).toEqual([]);
        expect(record.opened.sort()).toEqual(['r1', 'r2']);
        expect(record.closed.sort()).toEqual(['r1', 'r2']);
    });

    test('deploy --plan: one session per planned host, each closed once after the plan', async () => {
        const model = await modelFromText(topology(sshd.port));
        const record = recording();
        const outcome = await runDeploy(
            deployInput(model, 'file:///sessions.bgptopo'),
            { planOnly: true, manifests: true, concurrency: 4, owner: 'test' },
            {
                connect: record.connect,
                progress,
                secrets: secretSource(() => undefined),
                render: async ({ publicKeys, secrets }) =>
                    renderTopology(model, { templates: createTemplateLoader([]), secrets, publicKeys: (host) => publicKeys.get(host), allowMissingKeys: true }).files
            }
        );
        expect(outcome.status).toBe('planned');
        const plans = outcome.status === 'planned' ? outcome.plan.run.plans : [];
        expect(plans.map((plan) => plan.host)).toEqual(['r1', 'r2']);
        expect(record.opened.sort()).toEqual(['r1', 'r2']);
        expect(record.closed.sort()).toEqual(['r1', 'r2']);
    });
});
