/** Pinned plan files (pure): checksums only, and what a later apply refuses. */
import { describe, expect, test } from 'vitest';
import { pinToPlanFile, planFileText } from '../../src/deploy/deploy-plan-file.js';
import type { DeployFile } from '../../src/deploy/deploy-file-kinds.js';
import type { HostPlan } from '../../src/deploy/deploy-types.js';

const file = (path: string, content: string): DeployFile => ({ kind: 'frr', path, content, host: 'r1', origin: { element: 'router r1', line: 1 } }) as DeployFile;
const plan = (content: string, currentSha: string, change: 'update' | 'unchanged' = 'update'): HostPlan => ({
    host: 'r1',
    files: [{ file: file('/etc/frr/frr.conf', content), change, current: 'old', currentSha, diff: '' }],
    restarts: [],
    sessions: []
});

describe('plan files', () => {
    test('hold checksums, never contents (files can hold secrets)', () => {
        const text = planFileText([plan('neighbor x password s3cret\n', 'a'.repeat(64))], 'site.bgptopo');
        expect(text).not.toContain('s3cret');
        expect(JSON.parse(text)).toMatchObject({ format: 'bgptopo-plan/1', hosts: [{ host: 'r1', files: [{ path: '/etc/frr/frr.conf', change: 'update', currentSha: 'a'.repeat(64) }] }] });
    });

    test('pinning keeps what the reviewed plan read on the host, not what was read now', () => {
        const reviewed = planFileText([plan('new\n', 'b'.repeat(64))], 'site.bgptopo');
        const pinned = pinToPlanFile([plan('new\n', 'c'.repeat(64))], reviewed);
        expect('plans' in pinned && pinned.plans[0].files[0].currentSha).toBe('b'.repeat(64));
    });

    test('refused: another rendering, hosts or files that differ, or not a plan at all', () => {
        const reviewed = planFileText([plan('new\n', 'b'.repeat(64))], 'site.bgptopo');
        expect(pinToPlanFile([plan('other\n', 'b'.repeat(64))], reviewed)).toEqual({ problems: ['r1:/etc/frr/frr.conf: the topology renders it differently than the reviewed plan'] });
        expect(pinToPlanFile([], reviewed)).toEqual({ problems: ['r1: in the plan but not planned now (unreachable, or not in --hosts)'] });
        expect(pinToPlanFile([{ ...plan('new\n', 'b'.repeat(64)), host: 'r2' }], reviewed)).toMatchObject({ problems: expect.arrayContaining(['r2: planned now but not in the plan']) });
        expect(pinToPlanFile([plan('new\n', 'b'.repeat(64))], '{"format":"x"}')).toMatchObject({ problems: [expect.stringContaining('not a plan file')] });
        expect(pinToPlanFile([plan('new\n', 'b'.repeat(64))], 'no json')).toMatchObject({ problems: [expect.stringContaining('not a plan file')] });
    });
});
