/** Detecting how keepalived runs and rebuilding its start command (run for real against a local sh). */
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { parseKeepalivedRuntime, restartArgv, startArgv, stopArgv } from '../../src/deploy/failover-keepalived.js';

describe('keepalived runtime', () => {
    test('parses systemd, a process with its argv, and nothing', () => {
        expect(parseKeepalivedRuntime('systemd\n')).toEqual({ kind: 'systemd' });
        expect(parseKeepalivedRuntime('none\n')).toEqual({ kind: 'none' });
        expect(parseKeepalivedRuntime('pid 42\nkeepalived\n-n\n-f\n/etc/k.conf\n')).toEqual({ kind: 'process', pid: 42, argv: ['keepalived', '-n', '-f', '/etc/k.conf'] });
    });

    test('restart keeps config and pid files and drops foreground/logging flags (the lab start line)', () => {
        const lab = ['keepalived', '-n', '-l', '-D', '-G', '-f', '/etc/keepalived/keepalived.conf', '-p', '/run/keepalived.pid', '-r', '/run/keepalived_vrrp.pid', '-c', '/run/keepalived_checkers.pid'];
        expect(restartArgv(lab)).toEqual(['keepalived', '-f', '/etc/keepalived/keepalived.conf', '-p', '/run/keepalived.pid', '-r', '/run/keepalived_vrrp.pid', '-c', '/run/keepalived_checkers.pid']);
        expect(restartArgv(['/usr/sbin/keepalived', '--use-file=/x.conf', '--dont-fork'])).toEqual(['keepalived', '-f', '/x.conf', '-p', '/run/keepalived.pid']);
        expect(restartArgv(['keepalived'])).toEqual(['keepalived', '-f', '/etc/keepalived/keepalived.conf', '-p', '/run/keepalived.pid']);
    });

    test('stop and start commands per runtime; the process start detaches and is valid sh', () => {
        const process = { kind: 'process' as const, pid: 7, argv: ['keepalived', '-n', '-f', "/etc/it's.conf"] };
        expect(stopArgv(process)).toEqual(['kill', '-TERM', '7']);
        expect(stopArgv({ kind: 'systemd' })).toEqual(['systemctl', 'stop', 'keepalived']);
        expect(startArgv({ kind: 'systemd' })).toEqual(['systemctl', 'start', 'keepalived']);
        const [sh, flag, script] = startArgv(process);
        expect([sh, flag]).toEqual(['sh', '-c']);
        expect(script).toBe(`exec keepalived -f '/etc/it'\\''s.conf' -p /run/keepalived.pid </dev/null >/dev/null 2>&1`);
        // The quoting survives a real shell: replace exec's target with printf to see the argv.
        const argv = execFileSync('sh', ['-c', script.replace('exec keepalived', 'printf "%s\\n" keepalived').replace(' </dev/null >/dev/null 2>&1', '')], { encoding: 'utf8' });
        expect(argv.trim().split('\n')).toEqual(['keepalived', '-f', "/etc/it's.conf", '-p', '/run/keepalived.pid']);
        expect(() => stopArgv({ kind: 'none' })).toThrow(/not running/);
    });
});
