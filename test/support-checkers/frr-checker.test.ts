import { expect, it } from 'vitest';
import { FRR_CHECKER_PREREQUISITES, checkFrrConfig, ownedByBgpd } from '../support/checkers/frr-checker.js';
import { describeWithTools, fixture } from './checker-fixtures.js';

describeWithTools('checkFrrConfig (vtysh + bgpd -C + frr-reload.py)', FRR_CHECKER_PREREQUISITES, () => {
    it('accepts the known-good integrated router config (bfd/service lines are not bgpd errors)', async () => {
        const result = await checkFrrConfig(fixture('frr-good.conf'));
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.exitCode).toBe(0);
    });

    it('rejects grammar errors with their line numbers', async () => {
        const result = await checkFrrConfig(fixture('frr-broken.conf'));
        expect(result.ok).toBe(false);
        expect(result.errors).toContain('vtysh: line 20: Unknown command: bgp router-id 10.0.0.300');
        expect(result.errors).toContain('vtysh: line 25: Unknown command: neighbor K8S remote-az external');
        expect(result.errors).toContain('frr-reload: line 20: Unknown command: bgp router-id 10.0.0.300');
        expect(result.errors).toContain('bgpd: line 25: No such command: neighbor K8S remote-az external');
        expect(result.exitCode).toBe(2); // vtysh decided
    });

    it('fails on the exit-code trap: vtysh exits 0 but printed errors', async () => {
        const result = await checkFrrConfig(fixture('frr-exit-code-trap.conf'));
        expect(result.ok).toBe(false);
        expect(result.exitCode).toBe(0); // the deciding tool (vtysh) really exited 0
        expect(result.errors).toContain('vtysh: line 1: Unknown command: route-map X deny 10 junk');
        expect(result.errors).toContain('frr-reload: line 1: Unknown command: route-map X deny 10 junk');
    });

    it('surfaces semantic errors that only bgpd sees (vtysh accepts the file)', async () => {
        const result = await checkFrrConfig(fixture('frr-semantic-errors.conf'));
        expect(result.ok).toBe(false);
        expect(result.errors.filter((e) => e.startsWith('vtysh:'))).toEqual([]);
        expect(result.errors).toEqual(
            expect.arrayContaining([
                'bgpd: Specify remote-as or peer-group commands first',
                'bgpd: Specify remote-as or peer-group remote AS first',
                'bgpd: line 8: Command returned Warning Config Failed: neighbor 10.0.9.9 ebgp-multihop 2',
                'bgpd: line 10: Command returned Warning Config Failed: bgp listen range 10.0.2.0/24 peer-group NOPG',
                'bgpd: line 13: Command returned Warning Config Failed: neighbor 10.0.7.7 activate',
            ]),
        );
    });

    it('reports a genuine bgpd error inside an integrated config without the other daemons\' noise', async () => {
        const text = fixture('frr-good.conf').replace(
            ' neighbor 10.0.1.5 ebgp-multihop 2\n',
            ' neighbor 10.0.1.5 ebgp-multihop 2\n neighbor 10.0.9.9 ebgp-multihop 2\n',
        );
        const result = await checkFrrConfig(text);
        expect(result.ok).toBe(false);
        // In this file bgpd reports the failure as "No such command" (it retried the line in the parent
        // nodes); it is kept because the line sits under `router bgp`, unlike the bfd/service noise.
        expect(result.errors).toEqual([
            'bgpd: line 34: No such command: neighbor 10.0.9.9 ebgp-multihop 2',
            'bgpd: Specify remote-as or peer-group commands first',
        ]);
        expect(result.errors.join('\n')).not.toMatch(/service integrated-vtysh-config|profile fast|detect-multiplier/);
    });

    it('cleans up its temporary files', async () => {
        const { readdirSync } = await import('node:fs');
        const { tmpdir } = await import('node:os');
        const before = readdirSync(tmpdir()).filter((f) => f.startsWith('bgptopo-frr-')).length;
        await checkFrrConfig(fixture('frr-good.conf'));
        expect(readdirSync(tmpdir()).filter((f) => f.startsWith('bgptopo-frr-')).length).toBeLessThanOrEqual(before);
    });
});

it('ownedByBgpd attributes lines to their top-level block', () => {
    const lines = fixture('frr-good.conf').split('\n');
    expect(ownedByBgpd(lines, 5)).toBe(false); // service integrated-vtysh-config
    expect(ownedByBgpd(lines, 13)).toBe(true); // " match ip address prefix-list" under route-map
    expect(ownedByBgpd(lines, 29)).toBe(true); // " bgp listen range" under router bgp
    expect(ownedByBgpd(lines, 48)).toBe(false); // "  detect-multiplier 3" under bfd
});
