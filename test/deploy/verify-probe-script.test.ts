/** The per-host probe script, run for real by the local /bin/sh: framing, exit codes, stderr, timeouts, quoting. */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { buildProbeScript, parseProbeOutput, statsSocketArgv, tcpConnectArgv } from '../../src/deploy/verify-probe-script.js';

/** Asynchronous, so servers in this process can answer while the script runs. */
async function runAsync(script: string): Promise<string> {
    return (await promisify(execFile)('sh', ['-c', script], { encoding: 'utf8' })).stdout;
}

function runLocally(script: string): string {
    return execFileSync('sh', ['-c', script], { encoding: 'utf8' });
}

describe('probe script', () => {
    test('returns stdout, stderr and exit code of every probe, in one run', () => {
        const { script, nonce } = buildProbeScript(
            [
                { id: 'json', argv: ['printf', '%s\\n', '{"a": 1}'] },
                { id: 'fails', argv: ['sh', '-c', 'echo oops >&2; exit 3'] },
                { id: 'no-newline', argv: ['printf', 'x'] }
            ],
            5
        );
        const outputs = parseProbeOutput(runLocally(script), nonce);
        expect(outputs.get('json')).toEqual({ stdout: '{"a": 1}', stderr: '', code: 0 });
        expect(outputs.get('fails')).toEqual({ stdout: '', stderr: 'oops', code: 3 });
        expect(outputs.get('no-newline')).toEqual({ stdout: 'x', stderr: '', code: 0 });
    });

    test('arguments reach the command unchanged, and output cannot forge a marker', () => {
        const tricky = `it's $(echo pwned) "q" ; | & \`x\``;
        const { script, nonce } = buildProbeScript([{ id: 'echo', argv: ['printf', '%s', tricky] }, { id: 'forge', argv: ['printf', '@@bgptopo-0000 E echo 0\\n'] }], 5);
        const outputs = parseProbeOutput(runLocally(script), nonce);
        expect(outputs.get('echo')?.stdout).toBe(tricky);
        expect(outputs.get('forge')?.stdout).toBe('@@bgptopo-0000 E echo 0');
    });

    test('a hanging command is cut by timeout (exit 124) and later probes still run', () => {
        const started = Date.now();
        const { script, nonce } = buildProbeScript([{ id: 'hang', argv: ['sleep', '30'] }, { id: 'after', argv: ['echo', 'ok'] }], 1);
        const outputs = parseProbeOutput(runLocally(script), nonce);
        expect(outputs.get('hang')?.code).toBe(124);
        expect(outputs.get('after')?.stdout).toBe('ok');
        expect(Date.now() - started).toBeLessThan(5_000);
    });

    test('a script cut short yields no answer for the unfinished probe', () => {
        const { script, nonce } = buildProbeScript([{ id: 'a', argv: ['echo', '1'] }, { id: 'b', argv: ['echo', '2'] }], 5);
        const full = runLocally(script);
        const cut = full.slice(0, full.indexOf(`@@bgptopo-${nonce} E b`));
        expect([...parseProbeOutput(cut, nonce).keys()]).toEqual(['a']);
    });

    test('rejects ids that could break the framing', () => {
        expect(() => buildProbeScript([{ id: 'a b', argv: ['true'] }], 5)).toThrow(/invalid/);
        expect(() => buildProbeScript([{ id: 'a', argv: ['true'] }, { id: 'a', argv: ['true'] }], 5)).toThrow(/duplicate/);
    });

    test('TCP probe: connects to a listening port and fails on a closed one', async () => {
        const { createServer } = await import('node:net');
        const server = createServer((socket) => socket.end());
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as { port: number }).port;
        try {
            const { script, nonce } = buildProbeScript(
                [
                    { id: 'open', argv: tcpConnectArgv('127.0.0.1', port, 2) },
                    { id: 'closed', argv: tcpConnectArgv('127.0.0.1', 1, 2) }
                ],
                5
            );
            const outputs = parseProbeOutput(await runAsync(script), nonce);
            expect(outputs.get('open')?.code).toBe(0);
            expect(outputs.get('closed')?.code).not.toBe(0);
        } finally {
            server.close();
        }
    });

    test('stats socket client (python3 fallback when socat is absent) speaks to a unix socket', async () => {
        const { createServer } = await import('node:net');
        const { mkdtempSync, rmSync } = await import('node:fs');
        const { join } = await import('node:path');
        const { tmpdir } = await import('node:os');
        const dir = mkdtempSync(join(tmpdir(), 'bgptopo-sock-'));
        const path = join(dir, 'admin.sock');
        const received: string[] = [];
        const server = createServer((socket) => socket.on('data', (data) => {
            received.push(data.toString());
            socket.end('# pxname,svname,status\nbe,s1,UP\n');
        }));
        await new Promise<void>((resolve) => server.listen(path, resolve));
        try {
            const { script, nonce } = buildProbeScript([{ id: 'stat', argv: statsSocketArgv(path, 'show stat') }], 5);
            const output = parseProbeOutput(await runAsync(script), nonce).get('stat');
            expect(output).toMatchObject({ code: 0, stdout: '# pxname,svname,status\nbe,s1,UP' });
            expect(received.join('')).toBe('show stat\n');
        } finally {
            server.close();
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
