/** What a plan restarts, and what counts as a change of a file (pure). */
import { describe, expect, test } from 'vitest';
import { withoutComments, type DeployFile } from '../../src/deploy/deploy-file-kinds.js';
import { describeRestart, plannedRestarts } from '../../src/deploy/deploy-restart.js';
import type { FilePlan } from '../../src/deploy/deploy-types.js';

const file = (kind: DeployFile['kind'], path: string, content: string): DeployFile => ({ kind, path, content, host: 'r1', origin: { element: 'router r1', line: 1 } }) as DeployFile;
const planned = (f: DeployFile, current: string | undefined, change: FilePlan['change'] = 'update'): FilePlan => ({ file: f, change, current, diff: '', currentSha: 'x' });

describe('plannedRestarts', () => {
    const conf = (password: string) => `router bgp 64512\n neighbor 10.0.0.5 remote-as 65010\n neighbor 10.0.0.5 password ${password}\n maximum-paths 8\n`;

    test('a policy change reloads; a changed daemons file or neighbour password restarts FRR', () => {
        expect(plannedRestarts([planned(file('frr', '/etc/frr/frr.conf', conf('a').replace('8', '4')), conf('a'))])).toEqual([]);
        expect(plannedRestarts([planned(file('frr', '/etc/frr/frr.conf', conf('b')), conf('a'))])).toEqual([{ service: 'frr', reason: 'a neighbour password changed' }]);
        expect(plannedRestarts([planned(file('frr-daemons', '/etc/frr/daemons', 'bgpd=yes\n'), 'bgpd=no\n')])).toEqual([{ service: 'frr', reason: '/etc/frr/daemons changed' }]);
        expect(plannedRestarts([planned(file('frr-daemons', '/etc/frr/daemons', 'bgpd=yes\n'), 'bgpd=yes\n', 'unchanged')])).toEqual([]);
        expect(plannedRestarts([planned(file('keepalived', '/etc/keepalived/keepalived.conf', 'a\n'), 'b\n')])).toEqual([]);
    });

    test('the plan line names the service, the host and the reason', () => {
        expect(describeRestart('r1', { service: 'frr', reason: '/etc/frr/daemons changed' })).toBe('restarts FRR on r1: all BGP sessions on r1 drop (/etc/frr/daemons changed)');
    });
});

describe('withoutComments: comments and the generated header never make a change', () => {
    test('whole-line comments of each kind go; everything else stays', () => {
        const a = '! rendered by bgptopo from router r1 (line 3)\nrouter bgp 1\n ! note\n neighbor x remote-as 2\n';
        const b = '! rendered by bgptopo from router r1 (line 9)\nrouter bgp 1\n neighbor x remote-as 2\n';
        expect(withoutComments('frr', a)).toBe(withoutComments('frr', b));
        expect(withoutComments('frr', a)).not.toBe(withoutComments('frr', b.replace('remote-as 2', 'remote-as 3')));
        expect(withoutComments('frr-daemons', '# header\nbgpd=yes\n')).toBe('bgpd=yes\n');
        expect(withoutComments('sysctl', '; x\n# y\nnet.ipv4.ip_forward = 1\n')).toBe('net.ipv4.ip_forward = 1\n');
        // `!` is no comment in HAProxy's syntax: kept.
        expect(withoutComments('haproxy', '!x\n# y\nglobal\n')).toBe('!x\nglobal\n');
        // A value after a `#` on a line is not a whole-line comment.
        expect(withoutComments('keepalived', 'vrrp_instance VI_1 { # note\n')).toBe('vrrp_instance VI_1 { # note\n');
    });
});
