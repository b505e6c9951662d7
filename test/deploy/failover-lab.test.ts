/**
 * failoverTest against the real lab: the router VIP (BGP category) and the load balancers' API VIP move to
 * the backup when keepalived stops on the master, and the drill restores keepalived the way the lab ran it
 * (a process with a pid file, no systemd). Needs root; under CI without root the first test fails.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { failoverTest, formatFailoverText } from '../../src/deploy/failover-test.js';
import { verifyTopology } from '../../src/deploy/verify-topology.js';
import { verifyExitCode } from '../../src/deploy/verify-report.js';
import { hostProcesses } from '../lab/index.js';
import { createVerifyLab, holdersOf, type VerifyLab } from './verify-lab-setup.js';

const runLab = process.getuid?.() === 0 || Boolean(process.env.CI);

describe.skipIf(!runLab)('failoverTest against the lab (root)', () => {
    test('runs as root (required: without root under CI this fails instead of skipping)', () => {
        expect(process.getuid?.()).toBe(0);
    });

    let v: VerifyLab;

    beforeAll(async () => {
        v = await createVerifyLab();
    }, 120_000);

    afterAll(async () => {
        if (v) {
            await v.lab.destroy();
        }
    }, 60_000);

    for (const [vipName, master, backup, category] of [
        ['bgp-vip', 'r1', 'r2', 'bgp'],
        ['api-vip', 'lb1', 'lb2', 'api']
    ] as const) {
        test(`${vipName}: moves from ${master} to ${backup}, figures against the seed table, restored`, async () => {
            const address = v.model.vips.find((vip) => vip.name === vipName)!.address!.text;
            expect(await holdersOf(v.lab, [master, backup], address)).toEqual([master]);
            const pidBefore = (await hostProcesses(v.lab.host(master), 'keepalived'))[0];
            const report = await failoverTest(v.model, vipName, v.connect);
            console.log(formatFailoverText(report));
            expect(report).toMatchObject({ vip: vipName, category, oldMaster: master, newMaster: backup, method: 'process', restored: true, holdersAfter: [master] });
            expect(report.errors).toEqual([]);
            const moved = report.figures[0];
            expect(moved.valueMs).toBeGreaterThan(0);
            expect(moved.boundMs).toBe(category === 'api' ? 3_000 : 5_000);
            if (category === 'bgp') {
                // The router VIP's drill also waits for the 6 sessions towards r1 and r2 to be Established/OK.
                expect(report.figures.map((figure) => figure.name)).toContainEqual(expect.stringMatching(/^BGP sessions towards r1, r2 Established\/OK \(6 sessions\)/));
            }
            // keepalived really was restarted (a new process), and the VIP is back on the preempting master.
            const pidAfter = (await hostProcesses(v.lab.host(master), 'keepalived'))[0];
            expect(pidAfter).toBeDefined();
            expect(pidAfter).not.toBe(pidBefore);
            expect(await holdersOf(v.lab, [master, backup], address)).toEqual([master]);
            expect(verifyExitCode(await verifyTopology(v.model, v.connect))).toBe(0);
        }, 90_000);
    }
});
