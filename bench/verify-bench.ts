/**
 * Verify benchmark (issue "Deploy and verify over SSH"): wall time of `verifyTopology` over SSH for the
 * whole verify lab (2 FRR routers + keepalived, 2 HAProxy/keepalived load balancers, 3 GoBGP nodes;
 * 17 checks), median of BENCH_RUNS runs (default 5) after one warm-up. Builds the lab, tears it down.
 * Needs root. Run with `node bench/run-all.mjs verify`.
 */
import { verifyTopology } from '../src/deploy/verify-topology.js';
import { verifyExitCode } from '../src/deploy/verify-report.js';
import { createVerifyLab } from '../test/deploy/verify-lab-setup.js';
import { median, round, type BenchReport } from './bench-report.js';

const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const TARGET_VERIFY_MS = 2_000;

export default async function main(): Promise<BenchReport> {
    if (process.getuid?.() !== 0) {
        throw new Error('the verify benchmark builds a network lab and needs root');
    }
    const v = await createVerifyLab();
    try {
        const warm = await verifyTopology(v.model, v.connect);
        if (verifyExitCode(warm) !== 0) {
            throw new Error(`the lab is not healthy: ${warm.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`).join('; ')}`);
        }
        const samples: number[] = [];
        for (let run = 0; run < RUNS; run++) {
            const started = performance.now();
            const report = await verifyTopology(v.model, v.connect);
            samples.push(performance.now() - started);
            if (verifyExitCode(report) !== 0) {
                throw new Error(`run ${run + 1} was not all green`);
            }
        }
        const value = median(samples);
        console.log(`verify wall time per run: ${samples.map((s) => round(s)).join(', ')} ms; median ${round(value)} ms`);
        return {
            title: `verify the whole lab over SSH (${v.model.hosts.length} hosts, ${warm.checks.length} checks)`,
            figures: [
                {
                    name: `verifyTopology, whole lab (median of ${RUNS})`,
                    value: round(value),
                    unit: 'ms',
                    max: TARGET_VERIFY_MS,
                    note: `min ${round(Math.min(...samples))}, max ${round(Math.max(...samples))}; includes SSH connect + one probe script per probed host`
                },
                { name: 'lab up (namespaces, sshd)', value: round(v.timings.labUpMs), unit: 'ms' },
                { name: 'daemons up (FRR, keepalived, HAProxy, GoBGP, stand-in API servers)', value: round(v.timings.daemonsUpMs), unit: 'ms' },
                { name: 'all BGP sessions Established/OK after the daemons started', value: round(v.timings.convergedMs), unit: 'ms' }
            ],
            details: { samples }
        };
    } finally {
        await v.lab.destroy();
    }
}
