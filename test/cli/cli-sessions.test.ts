/** `bgptopo sessions`, run as a process from the built bundle: the table in text and JSON, refusal, usage. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBundles } from './built-bundles.js';
import { runBgptopo } from './run-cli.js';
import { RACKS_HEAD } from '../support/racks-topology.js';

const RACKS = `${RACKS_HEAD}cluster prod {
  metallb {
    asn 64512
    pool lb
    peer tor-a { speakers rack=a }
    peer tor-b { speakers rack=b  hold 9s  keepalive 3s  password secret "rack-b" }
  }
  node cp1 control-plane { address 192.0.2.11  labels rack=a }
  node cp2 control-plane { address 192.0.2.12  labels rack=a }
  node cp3 control-plane { address 192.0.2.75  labels rack=b }
}
`;

/** LANGUAGE-V2 §4: an upstream taking a default route and receiving the pool's aggregate and the loopback. */
const UPSTREAM = `topology edge
network rack 192.0.2.0/26
network core 192.0.2.96/30
network lb   203.0.113.0/26 { role loadbalancer }
router tor { asn 65101  address 192.0.2.1  address 192.0.2.97  loopback 192.0.2.250
  upstream 192.0.2.98 remote-as 65000 { announce pool lb aggregate, loopback  accept default } }
cluster prod {
  metallb { asn 64512  pool lb  peer tor }
  node cp1 control-plane { address 192.0.2.11 }
  node cp2 control-plane { address 192.0.2.12 }
  node cp3 control-plane { address 192.0.2.13 }
}
`;

let scratch: string;

beforeAll(async () => {
    await ensureBundles();
    scratch = mkdtempSync(join(tmpdir(), 'bgptopo-sessions-cli-'));
    writeFileSync(join(scratch, 'racks.bgptopo'), RACKS);
    writeFileSync(join(scratch, 'upstream.bgptopo'), UPSTREAM);
    writeFileSync(join(scratch, 'flawed.bgptopo'), RACKS.replace('peer tor-a { speakers rack=a }', 'peer tor-a { speakers rack=a }\n    peer tor-z'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('bgptopo sessions', () => {
    test('text: one aligned row per session, grouped by router, with options and accepted prefixes', async () => {
        const run = await runBgptopo(['sessions', 'racks.bgptopo'], { cwd: scratch });
        expect(run.code).toBe(0);
        const lines = run.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(/^ROUTER\s+ROUTER-ADDRESS\s+PEER\s+SOURCE\s+FAMILY\s+LOCAL-AS\s+REMOTE-AS\s+TYPE\s+OPTIONS\s+ACCEPTS$/);
        expect(lines.slice(1, -1).map((line) => line.split(/\s{2,}/))).toEqual([
            ['tor-a', '192.0.2.1', 'cp1 (prod/metallb)', '192.0.2.11', 'ipv4', '65101', '64512', 'ebgp', '-', '203.0.113.0/26 ge 32'],
            ['tor-a', '192.0.2.1', 'cp2 (prod/metallb)', '192.0.2.12', 'ipv4', '65101', '64512', 'ebgp', '-', '203.0.113.0/26 ge 32'],
            [
                'tor-b',
                '192.0.2.65',
                'cp3 (prod/metallb)',
                '192.0.2.75',
                'ipv4',
                '65102',
                '64512',
                'ebgp',
                'port 1790, hold 9s, keepalive 3s, password secret rack-b',
                '203.0.113.0/26 ge 32'
            ]
        ]);
        expect(lines.at(-1)).toBe('3 session(s)');
    });

    test('text: with an upstream that is sent something, a SENDS column (what the router sends there)', async () => {
        const run = await runBgptopo(['sessions', 'upstream.bgptopo'], { cwd: scratch });
        expect(run.code).toBe(0);
        const lines = run.stdout.trimEnd().split('\n');
        expect(lines[0]).toMatch(/\s+ACCEPTS\s+SENDS$/);
        const upstream = lines.find((line) => line.includes('(upstream)'))!.split(/\s{2,}/);
        expect(upstream.slice(-2)).toEqual(['0.0.0.0/0', '203.0.113.0/26, 192.0.2.250/32']);
        expect(lines.find((line) => line.includes('cp1 (prod/metallb)'))!.split(/\s{2,}/).at(-1)).toBe('-');
    });

    test('json: the same rows, options listing only what is set, no secret value', async () => {
        const run = await runBgptopo(['sessions', 'racks.bgptopo', '--format', 'json'], { cwd: scratch });
        expect(run.code).toBe(0);
        const parsed = JSON.parse(run.stdout) as { topology: string; sessions: Array<Record<string, unknown>> };
        expect(parsed.topology).toBe('racks');
        expect(parsed.sessions.map((row) => row.id)).toEqual(['prod/metallb/cp1->tor-a', 'prod/metallb/cp2->tor-a', 'prod/metallb/cp3->tor-b']);
        expect(parsed.sessions[2]).toMatchObject({
            router: 'tor-b',
            peer: 'cp3',
            sourceAddress: '192.0.2.75',
            family: 'ipv4',
            carries: ['ipv4'],
            localAs: 65102,
            remoteAs: 64512,
            options: { port: 1790, holdSeconds: 9, keepaliveSeconds: 3, passwordSecret: 'rack-b' },
            line: 12
        });
        expect(parsed.sessions[0].options).toEqual({ port: 179 });
    });

    test('refuses a topology with errors (exit 1, the errors on stderr) and an unknown format (exit 2)', async () => {
        const flawed = await runBgptopo(['sessions', 'flawed.bgptopo'], { cwd: scratch });
        expect(flawed.code).toBe(1);
        expect(flawed.stderr).toContain('unresolved-reference');
        expect(flawed.stdout).toBe('');
        const usage = await runBgptopo(['sessions', 'racks.bgptopo', '--format', 'sarif'], { cwd: scratch });
        expect(usage.code).toBe(2);
        expect(usage.stderr).toContain("unknown format 'sarif'");
    });
});
