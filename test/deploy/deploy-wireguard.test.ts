/**
 * WireGuard through the deploy: key pairs generated on the hosts (the private key never leaves them),
 * public keys collected to render the peers, the config installed and applied. The lab kernel has no
 * wireguard module: `wg-quick up` falls back to wireguard-go (userspace) by itself, so the first deploy
 * creates the interface; the next one takes the script's `wg syncconf` path on the running interface.
 * Handshakes cross the tunnel (this machine has no ping). Runs as root.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { collectWireGuardKey } from '../../src/deploy/deploy-host.js';
import { applyDeploy, closeSessions, planDeploy } from '../../src/deploy/deploy-run.js';
import { verifyTopology } from '../../src/deploy/verify-topology.js';
import type { SshSession } from '../../src/deploy/ssh-session.js';
import { createLab, waitFor, type Lab } from '../lab/index.js';
import { labConnect, privateBackups } from './support/deploy-lab.js';
import { describeAsRoot } from './support/deploy-root.js';
import { loadDeployTopology, renderForDeploy, type LoadedDeployTopology } from './support/deploy-topology.js';

let lab: Lab;
let topology: LoadedDeployTopology;
let dir: string;
let lan = '';
let vpn = '';
const keys = new Map<string, string>();
const options = { concurrency: 4, owner: 'deploy-wireguard-test', reporter: { info: () => undefined }, healthTimeoutSeconds: 5 };

function wgTopology(): string {
    return `topology wglab
defaults { ssh user root  interface eth0 }
network lan ${lan}.0/24 { role underlay }
network vpn ${vpn}.0/24 { role vpn  interface wg99 }
router r1 { asn 64512  address ${lan}.1  address ${vpn}.1 }
router r2 { asn 64512  address ${lan}.2  address ${vpn}.2 }
wireguard wg99 {
  network vpn
  listen-port 51820
  members r1, r2
  persistent-keepalive 25s
}
`;
}

async function deploy() {
    const files = renderForDeploy(topology.model, { publicKeys: (host) => keys.get(host) });
    const run = await planDeploy(topology.model, files, labConnect(lab), options);
    try {
        expect(run.failures).toEqual([]);
        return await applyDeploy(topology.model, run, options);
    } finally {
        closeSessions(run);
    }
}

describeAsRoot('WireGuard keys and config through the deploy', () => {
    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'bgptopo-deploy-wg-'));
        lab = await createLab((block) => {
            lan = block.ip(0, 0).split('.').slice(0, 3).join('.');
            vpn = block.ip(1, 0).split('.').slice(0, 3).join('.');
            return {
                segments: [{ name: 'lan', cidr: block.subnet(0) }],
                hosts: ['r1', 'r2'].map((name, i) => ({ name, kind: 'router' as const, addresses: [block.address(0, i + 1)], daemons: ['sshd' as const, 'frr' as const] }))
            };
        });
        await privateBackups(lab);
        topology = await loadDeployTopology(dir, wgTopology());
        expect(topology.errors).toEqual([]);
    }, 60_000);

    afterAll(async () => {
        await lab?.destroy();
        if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    test('keys are generated on the hosts; only the public key comes back, the same one every time', async () => {
        for (const host of ['r1', 'r2']) {
            const session: SshSession = await labConnect(lab)({ name: host });
            try {
                expect(await collectWireGuardKey(session, 'wg99', false)).toBeUndefined();
                const key = await collectWireGuardKey(session, 'wg99', true);
                expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
                expect(await collectWireGuardKey(session, 'wg99', true)).toBe(key);
                keys.set(host, key!);
            } finally {
                session.close();
            }
            expect((await lab.exec(host, ['stat', '-c', '%a %U', '/etc/wireguard/wg99.key'])).stdout.trim()).toBe('600 root');
            const privateKey = (await lab.readFile(host, '/etc/wireguard/wg99.key')).trim();
            expect(privateKey).not.toBe(keys.get(host));
            expect((await lab.exec(host, ['wg', 'pubkey'], { input: `${privateKey}\n` })).stdout.trim()).toBe(keys.get(host));
        }
    }, 60_000);

    test('first deploy: wg-quick up (falling back to wireguard-go: no kernel module here) brings wg99 up; the peers handshake', async () => {
        const results = await deploy();
        expect(results.map((r) => `${r.host} ${r.outcome}`)).toEqual(['r1 applied', 'r2 applied']);
        for (const result of results) expect(result.log).toContain('BGPTOPO RELOADED wireguard');
        for (const [host, peer] of [['r1', 'r2'], ['r2', 'r1']] as const) {
            expect((await lab.exec(host, ['wg', 'show', 'wg99', 'public-key'])).stdout.trim()).toBe(keys.get(host));
            expect((await lab.exec(host, ['wg', 'show', 'wg99', 'peers'])).stdout.trim()).toBe(keys.get(peer));
            expect((await lab.exec(host, ['wg', 'show', 'wg99', 'listen-port'])).stdout.trim()).toBe('51820');
        }
        await expectHandshake('after wg-quick up');
        await expectPrivateKeysStayed(results.flatMap((r) => r.log));
    }, 90_000);

    test('a changed config goes through wg syncconf on the running interface: same process, key kept, new keepalive', async () => {
        const goPid = (await lab.exec('r1', ['pgrep', '-x', 'wireguard-go'])).stdout.trim();
        expect(goPid).toMatch(/^\d+$/);
        topology = await loadDeployTopology(dir, wgTopology().replace('persistent-keepalive 25s', 'persistent-keepalive 15s'));
        const results = await deploy();
        expect(results.map((r) => `${r.host} ${r.outcome}`)).toEqual(['r1 applied', 'r2 applied']);
        expect((await lab.exec('r1', ['pgrep', '-x', 'wireguard-go'])).stdout.trim()).toBe(goPid);
        for (const [host, peer] of [['r1', 'r2'], ['r2', 'r1']] as const) {
            expect((await lab.exec(host, ['wg', 'show', 'wg99', 'public-key'])).stdout.trim()).toBe(keys.get(host));
            expect((await lab.exec(host, ['wg', 'show', 'wg99', 'persistent-keepalive'])).stdout.trim()).toBe(`${keys.get(peer)}\t15`);
        }
        await expectHandshake('after wg syncconf');
        await expectPrivateKeysStayed(results.flatMap((r) => r.log));
    }, 90_000);

    test('verify reads the live handshakes: fresh on both members, stale when the age bound is zero', async () => {
        const fresh = await verifyTopology(topology.model, labConnect(lab), { kinds: ['wireguard-handshake'] });
        expect(fresh.unreachable).toEqual([]);
        expect(fresh.checks.length).toBeGreaterThanOrEqual(2);
        expect(fresh.checks.map((check) => `${check.subject}: ${check.status}`).filter((line) => !line.endsWith(': pass'))).toEqual([]);
        // A bound of 0 s: as soon as the last handshake is a second old (WireGuard re-keys only every 2 min),
        // every member's check must fail, naming the age.
        await waitFor(
            async () => {
                const stale = await verifyTopology(topology.model, labConnect(lab), { kinds: ['wireguard-handshake'], handshakeMaxAgeSeconds: 0 });
                return stale.checks.length > 0 && stale.checks.every((check) => check.status === 'fail' && /last handshake \d+ s ago/.test(check.message)) ? true : undefined;
            },
            { timeoutMs: 10_000, intervalMs: 250, what: 'stale WireGuard handshakes with a 0 s bound' }
        );
    }, 60_000);

    /**
     * Traffic crossed the tunnel: each side completed a handshake with the other and received data (this
     * machine has no `ping`; the persistent keepalive makes both sides send).
     */
    async function expectHandshake(when: string): Promise<void> {
        for (const host of ['r1', 'r2']) {
            await waitFor(
                async () => {
                    const handshake = (await lab.exec(host, ['wg', 'show', 'wg99', 'latest-handshakes'])).stdout.trim().split(/\s+/)[1];
                    const received = (await lab.exec(host, ['wg', 'show', 'wg99', 'transfer'])).stdout.trim().split(/\s+/)[1];
                    return Number(handshake) > 0 && Number(received) > 0 ? true : undefined;
                },
                { timeoutMs: 20_000, intervalMs: 200, what: `a WireGuard handshake on ${host} ${when}` }
            );
        }
    }

    /** The private keys stayed where they were generated: not in the config, the events or the backups. */
    async function expectPrivateKeysStayed(log: string[]): Promise<void> {
        for (const host of ['r1', 'r2']) {
            const privateKey = (await lab.readFile(host, '/etc/wireguard/wg99.key')).trim();
            expect(await lab.readFile(host, '/etc/wireguard/wg99.conf')).not.toContain(privateKey);
            expect(log.join('\n')).not.toContain(privateKey);
            const found = await lab.exec(host, ['sh', '-c', 'read -r p; grep -rlF -e "$p" /etc /var/backups /var/lib/bgptopo /tmp /var/log 2>/dev/null; true'], { input: `${privateKey}\n` });
            expect(found.stdout.split('\n').filter(Boolean)).toEqual(['/etc/wireguard/wg99.key']);
        }
    }
});
