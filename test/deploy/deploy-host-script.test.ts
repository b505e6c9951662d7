/**
 * The host-side deploy programs (src/deploy/host/*.sh) without root and without a lab: `sh -n` and
 * shellcheck on the files and on an assembled bundle, the event/exit-code table shared with the parser, and
 * every exit path of a real run of deploy-receive.sh + the bundle in a temporary root, with stub tools on
 * PATH (vtysh, frr-reload.py, frrinit.sh, pgrep) that behave like the real ones for what the script asks.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { HOST_EVENTS, HOST_EXIT, parseHostEvents, reportedExit } from '../../src/deploy/deploy-host-events.js';
import { APPLY_BODY, receiveScript, type ApplyEntry, type ApplyScriptInput } from '../../src/deploy/remote-apply-script.js';
import { buildBundle, sha256 } from '../../src/deploy/remote-bundle.js';

const HOST_DIR = join(__dirname, '../../src/deploy/host');
const SCRIPTS = readdirSync(HOST_DIR).filter((name) => name.endsWith('.sh'));
const root = mkdtempSync(join(tmpdir(), 'bgptopo-host-script-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

describe('the host-side programs as files', () => {
    test('every .sh parses with sh -n', () => {
        expect(SCRIPTS.sort()).toEqual(['deploy-apply.sh', 'deploy-receive.sh']);
        for (const name of SCRIPTS) {
            const result = spawnSync('sh', ['-n', join(HOST_DIR, name)], { encoding: 'utf8' });
            expect(result.status, `${name}: ${result.stderr}`).toBe(0);
        }
    });

    test('shellcheck (POSIX sh, warnings and errors) passes on the files and on an assembled bundle', () => {
        if (!hasShellcheck && !process.env.CI) {
            return; // locally without the Debian package; .ci/install-tools.sh installs it on CI
        }
        const bundle = join(root, 'assembled.sh');
        writeFileSync(bundle, buildBundle([{ staged: 'f0', content: 'x\n' }], input(join(root, 'assembled'), [entry('f0', '/tmp/x', 'x\n', 'absent')])).text);
        const result = spawnSync('shellcheck', ['--shell=sh', '--severity=warning', ...SCRIPTS.map((name) => join(HOST_DIR, name)), bundle], { encoding: 'utf8' });
        expect(result.status, result.stdout + result.stderr).toBe(0);
    });

    test('the events the programs emit are exactly the table the parser reads; exit codes come from the table', () => {
        const emitted = new Set<string>();
        for (const name of SCRIPTS) {
            const text = readFileSync(join(HOST_DIR, name), 'utf8');
            for (const match of text.matchAll(/\bemit ([A-Z][A-Z-]*)/g)) emitted.add(match[1]);
            // Exit codes are EXIT_* constants of the table; literal ones only 1 (leaving a subshell) and 130 (a signal).
            for (const match of text.matchAll(/\bexit "\$(EXIT_[A-Z_]+)"/g)) expect(Object.keys(HOST_EXIT).map((k) => `EXIT_${k}`)).toContain(match[1]);
            for (const match of text.matchAll(/\bexit (\d+)/g)) expect(['1', '130']).toContain(match[1]);
        }
        expect([...emitted].sort()).toEqual(Object.keys(HOST_EVENTS).sort());
        expect(APPLY_BODY).toBe(readFileSync(join(HOST_DIR, 'deploy-apply.sh'), 'utf8'));
    });

    test('the bundles (esbuild with the raw-text plugin of esbuild.mjs) carry the same text as vitest reads', async () => {
        const { build } = await import('esbuild');
        // @ts-expect-error plain .mjs build helper without types
        const { rawTextPlugin } = await import('../../scripts/esbuild-raw-text.mjs');
        const out = await build({ entryPoints: [join(HOST_DIR, '../remote-apply-script.ts')], bundle: true, write: false, format: 'cjs', platform: 'node', plugins: [rawTextPlugin], logLevel: 'silent' });
        const module = { exports: {} as { APPLY_BODY?: string; receiveScript?: () => string } };
        new Function('module', 'exports', 'require', out.outputFiles[0].text)(module, module.exports, require);
        expect(module.exports.APPLY_BODY).toBe(readFileSync(join(HOST_DIR, 'deploy-apply.sh'), 'utf8'));
        expect(module.exports.receiveScript?.()).toBe(receiveScript());
    });

    test('the parser reads events and the final exit code', () => {
        const lines = ['BGPTOPO RUN /s', 'BGPTOPO SESSION-DOWN 10.0.0.5 Active/OK', '  | checker output', 'BGPTOPO EXIT 2'];
        expect(parseHostEvents(lines).map((e) => e.name)).toEqual(['RUN', 'SESSION-DOWN', 'EXIT']);
        expect(reportedExit(lines)).toBe(2);
        expect(reportedExit(lines.slice(0, 2))).toBeUndefined();
    });
});

// ---- a temporary root with stub tools ----

const me = `${userInfo().username}:${execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim()}`;
let n = 0;

interface Host {
    readonly dir: string;
    readonly conf: string;
    readonly state: string;
    readonly lock: string;
    readonly stub: string;
    calls(): string[];
}

const STUB_VTYSH = `#!/bin/sh
# vtysh stand-in: --dryrun rejects a file containing REJECT-ME; the BGP summary lists the peers of
# $STUB/peers ("address state peerState"), all Idle while the running file contains BREAKS-SESSIONS.
if [ "$1" = --dryrun ]; then grep -q REJECT-ME "$3" && echo "% Unknown command: REJECT-ME"; exit 0; fi
for arg in "$@"; do
  case "$arg" in
    'show bgp summary json')
      printf '{"ipv4Unicast":{"peers":{'
      sep=""
      while read -r address state peer; do
        if grep -q BREAKS-SESSIONS "$STUB_CONF"; then state=Idle; peer=NoNeighbor; fi
        printf '%s"%s":{"state":"%s","peerState":"%s"}' "$sep" "$address" "$state" "$peer"; sep=,
      done < "$STUB/peers"
      printf '}}}\\n' ;;
    'show running-config') cat "$STUB_CONF" ;;
  esac
done
`;
const STUB_RELOAD = `#!/bin/sh
echo "reload $*" >> "$STUB/calls"
if [ -e "$STUB/reload-fails-once" ]; then rm -f "$STUB/reload-fails-once"; echo "reload: injected failure" >&2; exit 1; fi
`;
const STUB_INIT = `#!/bin/sh
echo "init $*" >> "$STUB/calls"
`;

function makeHost(): Host {
    const dir = join(root, `host${n++}`);
    const stub = join(dir, 'stub');
    const bin = join(stub, 'bin');
    mkdirSync(bin, { recursive: true });
    mkdirSync(join(dir, 'etc/frr'), { recursive: true });
    mkdirSync(join(dir, 'state'), { recursive: true });
    writeFileSync(join(bin, 'vtysh'), STUB_VTYSH, { mode: 0o755 });
    writeFileSync(join(bin, 'pgrep'), '#!/bin/sh\nexit 0\n', { mode: 0o755 }); // watchfrr runs
    writeFileSync(join(stub, 'frr-reload.py'), STUB_RELOAD, { mode: 0o755 });
    writeFileSync(join(stub, 'frrinit.sh'), STUB_INIT, { mode: 0o755 });
    writeFileSync(join(stub, 'peers'), '10.0.0.11 Established OK\n10.0.0.12 Established OK\n');
    const conf = join(dir, 'etc/frr/frr.conf');
    writeFileSync(conf, OLD);
    return {
        dir,
        conf,
        state: join(dir, 'state'),
        lock: join(dir, 'lock'),
        stub,
        calls: () => (existsSync(join(stub, 'calls')) ? readFileSync(join(stub, 'calls'), 'utf8').split('\n').filter(Boolean) : [])
    };
}

const OLD = '! old\nrouter bgp 64512\n neighbor 10.0.0.11 remote-as 65010\n';
const NEW = '! new\nrouter bgp 64512\n neighbor 10.0.0.11 remote-as 65010\n maximum-paths 8\n';

function entry(staged: string, target: string, content: string, expect: string): ApplyEntry {
    return { staged, target, owner: me, mode: '0640', check: 'frr', service: 'frr', changed: true, expect, sha256: sha256(content) };
}

function input(dir: string, entries: ApplyEntry[], extra: Partial<ApplyScriptInput> = {}): ApplyScriptInput {
    return {
        stageDir: join(dir, 'state/stage.run1'),
        backupDir: join(dir, 'backup/run1'),
        lockDir: join(dir, 'lock'),
        stateDir: join(dir, 'state'),
        owner: 'tester run1',
        entries,
        healthTimeoutSeconds: 1,
        restart: [],
        sessions: ['10.0.0.11', '10.0.0.12'],
        paths: {
            FRR_CONF: join(dir, 'etc/frr/frr.conf'),
            FRR_RELOAD: join(dir, 'stub/frr-reload.py'),
            FRR_INIT: join(dir, 'stub/frrinit.sh'),
            SYSTEMD_DIR: join(dir, 'no-systemd')
        },
        ...extra
    };
}

interface Run {
    readonly code: number | null;
    readonly log: string[];
    readonly events: string[];
}

function run(host: Host, content: string, options: { expect?: string; sha?: string; extra?: Partial<ApplyScriptInput>; bundleSha?: string } = {}): Run {
    const e = { ...entry('f0', host.conf, content, options.expect ?? sha256(readFileSync(host.conf, 'utf8'))), ...(options.sha ? { sha256: options.sha } : {}) };
    const spec = input(host.dir, [e], options.extra);
    const bundle = buildBundle([{ staged: 'f0', content }], spec);
    const result = spawnSync('sh', ['-c', receiveScript(), 'sh', spec.stageDir, options.bundleSha ?? bundle.sha256, join(host.state, 'apply-run1.log'), host.state], {
        input: bundle.text,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${join(host.stub, 'bin')}:${process.env.PATH}`, STUB: host.stub, STUB_CONF: host.conf },
        timeout: 30_000
    });
    const log = result.stdout.split('\n').filter(Boolean);
    return { code: result.status, log, events: log.filter((line) => line.startsWith('BGPTOPO ')) };
}

/** Nothing is left behind: no lock, no staging, no half-written file next to the target. */
function expectClean(host: Host): void {
    expect(existsSync(host.lock)).toBe(false);
    expect(readdirSync(host.state).filter((name) => name.startsWith('stage.'))).toEqual([]);
    expect(readdirSync(join(host.dir, 'etc/frr')).filter((name) => name.includes('bgptopo-new'))).toEqual([]);
}

describe('a run of the programs against stub tools, every exit path', () => {
    let host: Host;
    beforeEach(() => {
        host = makeHost();
    });

    test('success: checked, installed, reloaded (not restarted), healthy, recorded; the log ends with EXIT 0', () => {
        const result = run(host, NEW);
        expect(result.code, result.log.join('\n')).toBe(HOST_EXIT.OK);
        expect(result.events).toEqual([
            `BGPTOPO RUN ${join(host.state, 'stage.run1')}`,
            `BGPTOPO CHECKED ${host.conf}`,
            `BGPTOPO BACKUP ${join(host.dir, 'backup/run1')}`,
            `BGPTOPO INSTALLED ${host.conf}`,
            'BGPTOPO RELOADED frr',
            'BGPTOPO DONE',
            'BGPTOPO EXIT 0'
        ]);
        expect(readFileSync(host.conf, 'utf8')).toBe(NEW);
        expect(readFileSync(join(host.dir, 'backup/run1', host.conf), 'utf8')).toBe(OLD);
        expect(readFileSync(join(host.state, 'installed.sha256'), 'utf8')).toBe(`${sha256(NEW)}  ${host.conf}\n`);
        expect(host.calls()).toEqual([`reload --reload ${host.conf}`]);
        expect(readFileSync(join(host.state, 'apply-run1.log'), 'utf8').trim().split('\n').pop()).toBe('BGPTOPO EXIT 0');
        expectClean(host);
    });

    test('a restart the plan asked for: frrinit.sh restart instead of frr-reload.py', () => {
        const result = run(host, NEW, { extra: { restart: ['frr'] } });
        expect(result.code, result.log.join('\n')).toBe(HOST_EXIT.OK);
        expect(result.events).toContain('BGPTOPO RESTARTING frr');
        expect(host.calls()).toEqual(['init restart']);
    });

    test('the checker rejects the new file: CHECK-FAILED, nothing changed, nothing reloaded', () => {
        const result = run(host, `${NEW}REJECT-ME\n`);
        expect(result.code).toBe(HOST_EXIT.CHECK_FAILED);
        expect(result.events).toContain(`BGPTOPO CHECK-FAILED ${host.conf} frr rejected the new file`);
        expect(result.log).toContain('  | % Unknown command: REJECT-ME');
        expect(readFileSync(host.conf, 'utf8')).toBe(OLD);
        expect(host.calls()).toEqual([]);
        expectClean(host);
    });

    test('the reload fails: RELOAD-FAILED, the backup restored and reloaded, ROLLED-BACK (exit 2)', () => {
        writeFileSync(join(host.stub, 'reload-fails-once'), '');
        const result = run(host, NEW);
        expect(result.code).toBe(HOST_EXIT.ROLLED_BACK);
        expect(result.events).toEqual(expect.arrayContaining(['BGPTOPO RELOAD-FAILED frr', `BGPTOPO RESTORED ${host.conf}`, `BGPTOPO ROLLED-BACK ${join(host.dir, 'backup/run1')}`]));
        expect(readFileSync(host.conf, 'utf8')).toBe(OLD);
        expect(host.calls()).toHaveLength(2);
        expect(existsSync(join(host.state, 'installed.sha256'))).toBe(false);
        expectClean(host);
    });

    test('health fails (the sessions that were up stay down): SESSION-DOWN each, UNHEALTHY, rolled back', () => {
        const result = run(host, `${NEW}! BREAKS-SESSIONS\n`);
        expect(result.code, result.log.join('\n')).toBe(HOST_EXIT.ROLLED_BACK);
        expect(result.events).toEqual(
            expect.arrayContaining(['BGPTOPO SESSION-DOWN 10.0.0.11 Idle/NoNeighbor', 'BGPTOPO SESSION-DOWN 10.0.0.12 Idle/NoNeighbor', 'BGPTOPO UNHEALTHY frr', 'BGPTOPO RELOADED frr'])
        );
        expect(readFileSync(host.conf, 'utf8')).toBe(OLD);
        expectClean(host);
    });

    test('a session that was already down before the deploy does not fail it; one it takes down does', () => {
        writeFileSync(join(host.stub, 'peers'), '10.0.0.11 Established OK\n10.0.0.12 Active NoNeighbor\n');
        expect(run(host, NEW).code).toBe(HOST_EXIT.OK);
        // Policy (RFC 8212) is not OK, as verify judges it.
        writeFileSync(join(host.stub, 'peers'), '10.0.0.11 Established Policy\n10.0.0.12 Active NoNeighbor\n');
        expect(run(host, `${NEW} maximum-paths 4\n`).code).toBe(HOST_EXIT.OK);
    });

    test('the lock is held by a live deploy: LOCKED (exit 75), nothing changed, the lock kept', () => {
        mkdirSync(host.lock);
        writeFileSync(join(host.lock, 'owner'), `someone else run0 pid ${process.pid}\n`);
        const result = run(host, NEW);
        expect(result.code).toBe(HOST_EXIT.LOCKED);
        expect(result.events).toContain(`BGPTOPO LOCKED someone else run0 pid ${process.pid}`);
        expect(readFileSync(host.conf, 'utf8')).toBe(OLD);
        expect(readFileSync(join(host.lock, 'owner'), 'utf8')).toContain('someone else');
        rmSync(host.lock, { recursive: true });
        expectClean(host);
    });

    test('a staged file that did not decode intact: CHECKSUM-MISMATCH (exit 3), nothing changed', () => {
        const result = run(host, NEW, { sha: sha256('something else') });
        expect(result.code).toBe(HOST_EXIT.CHECKSUM);
        expect(result.events).toContain(`BGPTOPO CHECKSUM-MISMATCH ${host.conf} `);
        expect(readFileSync(host.conf, 'utf8')).toBe(OLD);
        expectClean(host);
    });

    test('a bundle that did not arrive intact: never run, removed (exit 3)', () => {
        const result = run(host, NEW, { bundleSha: sha256('other') });
        expect(result.code).toBe(HOST_EXIT.CHECKSUM);
        expect(result.events).toEqual(['BGPTOPO CHECKSUM-MISMATCH bundle.sh']);
        expect(readFileSync(host.conf, 'utf8')).toBe(OLD);
        expect(existsSync(join(host.state, 'apply-run1.log'))).toBe(false);
        expectClean(host);
    });

    test('the upload cannot be written: UPLOAD-FAILED with the error (exit 5), no partial files', () => {
        rmSync(host.state, { recursive: true });
        writeFileSync(host.state, 'not a folder');
        const result = run(host, NEW);
        expect(result.code).toBe(HOST_EXIT.UPLOAD_FAILED);
        expect(result.events[0]).toMatch(/^BGPTOPO UPLOAD-FAILED .*(Not a directory|File exists)/);
        expect(readFileSync(host.conf, 'utf8')).toBe(OLD);
    });

    test('the host file changed since the plan (pinned plan): DRIFT (exit 6), the hand edit kept', () => {
        const planned = sha256(readFileSync(host.conf, 'utf8'));
        writeFileSync(host.conf, `${OLD}! hand edit\n`);
        const result = run(host, NEW, { expect: planned });
        expect(result.code).toBe(HOST_EXIT.DRIFT);
        expect(result.events).toContain(`BGPTOPO DRIFT ${host.conf} ${planned} ${sha256(`${OLD}! hand edit\n`)}`);
        expect(readFileSync(host.conf, 'utf8')).toBe(`${OLD}! hand edit\n`);
        expect(host.calls()).toEqual([]);
        expectClean(host);
    });
});
