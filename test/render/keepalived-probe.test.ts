/**
 * keepalived's rendered health check, run as keepalived would run it (bash's /dev/tcp under timeout):
 * it succeeds while something listens on the loopback of the VIP's family and fails once nothing does.
 * An IPv6 VIP's HAProxy listens on ::1, not on 127.0.0.1, so its probe must go to ::1.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { exampleText, renderText } from './render-fixtures.js';
import { IPV6_FABRIC } from './focused-topologies.js';
import { testSecret } from './render-corpus.js';

let server: Server | undefined;
afterEach(() => server?.close());

function listen(host: string): Promise<number> {
    return new Promise((resolve, reject) => {
        server = createServer((socket) => socket.end());
        server.once('error', reject);
        server.listen({ host, port: 0 }, () => resolve((server!.address() as { port: number }).port));
    });
}

function run(command: string): Promise<number> {
    return new Promise((resolve) => execFile('sh', ['-c', command], { timeout: 10_000 }, (error) => resolve(error ? ((error as { code?: number }).code ?? 1) : 0)));
}

async function probeOf(text: string, host: string): Promise<{ command: string; port: string }> {
    const { files } = await renderText(text, { secrets: testSecret });
    const conf = files.find((file) => file.kind === 'keepalived' && file.host === host)!.content;
    const match = /script "(\/usr\/bin\/timeout \d+ \/bin\/bash -c '<\/dev\/tcp\/([^']+)\/(\d+)')"/.exec(conf);
    expect(match, conf).not.toBeNull();
    return { command: match![1], port: match![3] };
}

describe('keepalived health check probe', () => {
    test.each([
        ['IPv6 VIP', IPV6_FABRIC, 'ipv6-fabric', 'lb1', '::1'],
        ['IPv4 VIP', exampleText('seed-metallb-frr-ha-fixed'), 'seed-metallb-frr-ha-fixed', 'lb1', '127.0.0.1']
    ])('%s: probes %s… on the right loopback', async (_label, text, _source, host, loopback) => {
        const probe = await probeOf(text, host);
        expect(probe.command).toContain(`/dev/tcp/${loopback}/`);
        const port = await listen(loopback);
        const command = probe.command.replace(`/${probe.port}'`, `/${port}'`);
        expect(await run(command)).toBe(0);
        await new Promise<void>((resolve) => server!.close(() => resolve()));
        server = undefined;
        expect(await run(command)).not.toBe(0);
    });
});
