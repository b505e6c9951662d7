/**
 * Deploy benchmark (issue "Deploy"): wall time of a real `bgptopo deploy` (connect, plan with a diff,
 * upload, check with vtysh --dryrun, back up, atomic move, frr-reload.py, health check) to 1, 5 and 20
 * lab routers with a small config, at concurrency 20, and the same deploy done by an equivalent
 * ansible-playbook (copy with validate + backup, reload handler; pipelining and ControlPersist on, forks
 * 20, strict known_hosts with the lab's key) on the same hosts. Every measured run changes frr.conf on
 * every host (a prefix-list entry that differs from the running one), so each one really checks, installs and
 * reloads, and frr-reload.py has a line to remove and one to add.
 *
 * Needs root (network lab). Run with `node bench/run-all.mjs deploy`. Figures are printed as measured; the
 * machine's load (other jobs on 2 vCPUs) widens them.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTopologyFiles } from '../src/cli/cli-workspace.js';
import { applyDeploy, closeSessions, planDeploy } from '../src/deploy/deploy-run.js';
import { SshSession } from '../src/deploy/ssh-session.js';
import type { TopologyModel } from '../src/model/topology-model.js';
import { renderTopology } from '../src/render/render-topology.js';
import { createTemplateLoader } from '../src/node/template-loader-fs.js';
import type { RenderedFile } from '../src/render/render-types.js';
import { createLab, type Lab } from '../test/lab/index.js';
import { privateBackups } from '../test/deploy/support/deploy-lab.js';
import { sysctlFile } from '../src/deploy/deploy-sysctl.js';
import { median, round, type BenchReport } from './bench-report.js';

const SIZES = [1, 5, 20];

/** Busy CPU time of the whole machine so far, in ms (user + nice + system + irq + softirq + steal). */
function machineBusyMs(): number {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
    const ticks = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const HOSTS = 20;

function topologyText(lan: string): string {
    const routers = Array.from({ length: HOSTS }, (_, i) => `router b${i + 1} { asn 64512  address ${lan}.${i + 1} }`).join('\n');
    return `topology deploybench\ndefaults { ssh user root  interface eth0 }\nnetwork lan ${lan}.0/24 { role underlay }\n${routers}\n`;
}

async function loadModel(dir: string, text: string): Promise<TopologyModel> {
    const path = join(dir, 'deploybench.bgptopo');
    writeFileSync(path, text);
    const loaded = await loadTopologyFiles([path], { cwd: dir });
    if (!loaded.ok) throw new Error(loaded.failures.map((f) => f.message).join('\n'));
    const [file] = loaded.files;
    const errors = (file.document.diagnostics ?? []).filter((d) => d.severity === 1);
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
    return loaded.services.topology.TopologyCache.get(file.document.parseResult.value);
}

function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(argv[0], argv.slice(1), { env, timeout: 600_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
            const code = error ? (error as { code?: number }).code : 0;
            resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
        });
    });
}

/** The comparison needs Debian's ansible-core; without it the bgptopo figures are still measured. */
const ANSIBLE_MISSING =
    'ansible-playbook is not installed, so the comparison with ansible was skipped; install it with ' +
    '`sudo bash .ci/install-bench-tools.sh` (Debian package ansible-core) and run `npm run bench deploy` again';

async function ansibleInstalled(): Promise<boolean> {
    const probe = await run(['ansible-playbook', '--version'], process.env).catch(() => ({ code: 127 }));
    return probe.code === 0;
}

export default async function main(): Promise<BenchReport> {
    const withAnsible = await ansibleInstalled();
    if (!withAnsible) console.warn(`deploy bench: ${ANSIBLE_MISSING}`);
    const dir = mkdtempSync(join(tmpdir(), 'bgptopo-deploy-bench-'));
    let lan = '';
    const lab: Lab = await createLab((block) => {
        lan = block.ip(0, 0).split('.').slice(0, 3).join('.');
        return {
            segments: [{ name: 'lan', cidr: block.subnet(0) }],
            hosts: Array.from({ length: HOSTS }, (_, i) => ({
                name: `b${i + 1}`,
                kind: 'router' as const,
                addresses: [block.address(0, i + 1)],
                daemons: ['sshd' as const, 'frr' as const],
                frr: { bgpd: true }
            }))
        };
    });
    const controlDir = mkdtempSync('/tmp/bgptopo-ansible-cp-');
    try {
        await privateBackups(lab);
        const model = await loadModel(dir, topologyText(lan));
        const key = readFileSync(lab.clientKey.privateKeyPath);
        const knownHosts = readFileSync(lab.knownHostsPath, 'utf8');
        const connect = (host: { name: string }) =>
            SshSession.connect({
                host: lab.host(host.name).primaryAddress,
                port: 22,
                user: 'root',
                privateKey: key,
                hostKeys: { knownHosts: () => knownHosts, onUnknownKey: async () => false }
            });
        let round_ = 0;
        const render = (hosts: string[]): RenderedFile[] => {
            round_++;
            return renderTopology(model, { templates: createTemplateLoader(), hosts }).files.map((f) =>
                f.kind === 'frr' ? { ...f, content: `${f.content}ip prefix-list BENCH-ROUND seq 5 permit 10.255.${round_ % 250}.0/24\n!\n` } : f
            );
        };
        const cpu: Record<number, { machine: number[]; client: number[] }> = {};
        const bgptopoDeploy = async (hosts: string[]): Promise<number> => {
            const busyBefore = machineBusyMs();
            const clientBefore = process.cpuUsage();
            const started = performance.now();
            // ansible deploys the same files between bgptopo's runs: to bgptopo that is drift, overwritten on purpose.
            const options = { concurrency: 20, owner: 'deploy-bench', overwriteDrift: true, reporter: { info: () => undefined } };
            const planned = await planDeploy(model, render(hosts), connect, options);
            try {
                const results = await applyDeploy(model, planned, options);
                const bad = results.filter((r) => r.outcome !== 'applied');
                if (bad.length > 0 || results.length !== hosts.length) {
                    throw new Error(`bgptopo deploy failed: ${bad.map((r) => `${r.host} ${r.outcome} ${r.message}`).join('; ')}`);
                }
            } finally {
                closeSessions(planned);
            }
            const elapsed = performance.now() - started;
            const client = process.cpuUsage(clientBefore);
            const entry = (cpu[hosts.length] ??= { machine: [], client: [] });
            entry.machine.push(machineBusyMs() - busyBefore);
            entry.client.push((client.user + client.system) / 1000);
            return elapsed;
        };
        const all = Array.from({ length: HOSTS }, (_, i) => `b${i + 1}`);
        // Warm-up: the first deploy also installs the daemons and sysctl files (FRR restarts once).
        await bgptopoDeploy(all);

        // Ansible: the same three files, validated with the host's tools, backed up, then the reload.
        const inventory = ['[routers]', ...all.map((h) => `${h} ansible_host=${lab.host(h).primaryAddress}`)].join('\n');
        writeFileSync(join(dir, 'inventory.ini'), `${inventory}\n`);
        writeFileSync(
            join(dir, 'ansible.cfg'),
            [
                '[defaults]',
                'host_key_checking = True',
                'forks = 20',
                'gathering = explicit',
                'interpreter_python = /usr/bin/python3',
                'remote_user = root',
                `private_key_file = ${lab.clientKey.privateKeyPath}`,
                'stdout_callback = default',
                '[ssh_connection]',
                'pipelining = True',
                `control_path_dir = ${controlDir}`,
                `ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=${lab.knownHostsPath} -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes`,
                ''
            ].join('\n')
        );
        writeFileSync(
            join(dir, 'deploy.yml'),
            `- hosts: "{{ target }}"
  gather_facts: false
  tasks:
    - name: frr.conf
      copy: { src: "files/{{ inventory_hostname }}/frr.conf", dest: /etc/frr/frr.conf, owner: frr, group: frr, mode: "0640", backup: true, validate: "vtysh --dryrun -f %s" }
      notify: reload frr
    - name: daemons
      copy: { src: "files/{{ inventory_hostname }}/daemons", dest: /etc/frr/daemons, owner: frr, group: frr, mode: "0640", backup: true, validate: "sh -n %s" }
      notify: reload frr
    - name: sysctl
      copy: { src: "files/{{ inventory_hostname }}/60-bgptopo.conf", dest: /etc/sysctl.d/60-bgptopo.conf, mode: "0644", backup: true }
      notify: apply sysctl
  handlers:
    - name: apply sysctl
      command: sysctl -p /etc/sysctl.d/60-bgptopo.conf
    - name: reload frr
      command: /usr/lib/frr/frr-reload.py --reload /etc/frr/frr.conf
`
        );
        const ansibleDeploy = async (hosts: string[]): Promise<number> => {
            // Same content as bgptopo would install this round (frr.conf, daemons, sysctl file).
            const files = render(hosts);
            for (const host of hosts) {
                const mine = files.filter((f) => f.host === host);
                const base = join(dir, 'files', host);
                for (const f of mine) {
                    const name = f.path.split('/').pop()!;
                    rmSync(join(base, name), { force: true });
                    writeFileSync(join(base, name), f.content);
                }
                writeFileSync(join(base, '60-bgptopo.conf'), sysctlFile(model, model.hosts.find((h) => h.name === host)!)?.content ?? '');
            }
            const started = performance.now();
            const result = await run(['ansible-playbook', '-i', join(dir, 'inventory.ini'), join(dir, 'deploy.yml'), '-e', `target=${hosts.join(',')}`], {
                ...process.env,
                ANSIBLE_CONFIG: join(dir, 'ansible.cfg'),
                ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp'),
                ANSIBLE_NOCOLOR: '1'
            });
            const elapsed = performance.now() - started;
            if (result.code !== 0 || !/failed=0/.test(result.stdout)) throw new Error(`ansible-playbook failed (${result.code}): ${result.stdout.slice(-2000)} ${result.stderr.slice(-1000)}`);
            return elapsed;
        };
        for (const host of all) {
            mkdirSync(join(dir, 'files', host), { recursive: true });
        }
        if (withAnsible) await ansibleDeploy(all.slice(0, 1)); // warm-up: ansible's first run on a host
        const bgptopo: Record<number, number[]> = {};
        const ansible: Record<number, number[]> = {};
        for (let i = 0; i < RUNS; i++) {
            for (const size of SIZES) {
                const hosts = all.slice(0, size);
                (bgptopo[size] ??= []).push(await bgptopoDeploy(hosts));
                if (withAnsible) (ansible[size] ??= []).push(await ansibleDeploy(hosts));
            }
        }
        // The on-host work the issue prescribes, alone, on one host: the checker, frr-reload.py with one line to
        // remove and one to add, and one vtysh for the health check. Children's CPU from the shell's `times`.
        const toolsCpu: number[] = [];
        for (let i = 0; i < 5; i++) {
            const n = 240 + i;
            const out = await lab.exec('b1', [
                'sh',
                '-c',
                'sed -i "s/^ip prefix-list BENCH-ROUND .*/ip prefix-list BENCH-ROUND seq 5 permit 10.255.$1.0\\/24/" /etc/frr/frr.conf && ' +
                    'vtysh --dryrun -f /etc/frr/frr.conf >/dev/null && /usr/lib/frr/frr-reload.py --reload /etc/frr/frr.conf >/dev/null 2>&1 && ' +
                    "vtysh -c 'show bgp summary json' -c 'show running-config' | grep -q \"10.255.$1.0/24\" && times",
                'sh',
                String(n)
            ]);
            const children = out.stdout.trim().split('\n').pop()!.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
            if (!children) throw new Error(`cannot read the tools' CPU time: ${out.stdout} ${out.stderr}`);
            toolsCpu.push((Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000);
        }
        const cores = availableParallelism();
        const m = (xs: number[]) => round(median(xs), 0);
        const floor20 = (HOSTS * median(toolsCpu)) / cores;
        const figures = [
            ...SIZES.map((size) => ({ name: `bgptopo deploy to ${size} host(s), concurrency 20 (median of ${RUNS})`, value: m(bgptopo[size]), unit: 'ms' })),
            { name: 'bgptopo: 20 hosts / 1 host', value: round(median(bgptopo[20]) / median(bgptopo[1]), 2), unit: 'x', max: 2.5 },
            ...(withAnsible ? SIZES : []).map((size) => ({ name: `ansible-playbook, same deploy, ${size} host(s), forks 20 (median of ${RUNS})`, value: m(ansible[size]), unit: 'ms' })),
            { name: 'machine CPU per host of a bgptopo deploy (20 hosts: sshd, shell, FRR tools, client)', value: m(cpu[20].machine.map((v) => v / 20)), unit: 'ms' },
            { name: 'client CPU of the whole 20-host deploy (bgptopo process)', value: m(cpu[20].client), unit: 'ms' },
            { name: 'on-host FRR tools alone per deploy (vtysh --dryrun, frr-reload.py --reload, health vtysh)', value: m(toolsCpu), unit: 'ms CPU' },
            {
                name: `CPU floor of 20 hosts' FRR tools on this machine's ${cores} cores`,
                value: round(floor20, 0),
                unit: 'ms',
                note: 'the lab hosts share the cores: no deploy of 20 can finish sooner'
            },
            { name: 'that floor / bgptopo deploy to 1 host', value: round(floor20 / median(bgptopo[1]), 2), unit: 'x', note: 'the 20/1 ratio cannot go below this here' },
            ...(withAnsible ? SIZES : []).map((size) => ({
                name: `bgptopo speed-up over ansible, ${size} host(s) (ansible time / bgptopo time; target ≥ 5)`,
                value: round(median(ansible[size]) / median(bgptopo[size]), 2),
                unit: 'x',
                note: 'higher is better'
            }))
        ];
        for (const f of figures) console.log(`${f.name}: ${f.value} ${f.unit}`);
        return {
            title: 'Deploy over SSH to lab routers: bgptopo vs ansible-playbook',
            figures,
            findings: [
                `lab: ${HOSTS} FRR routers (network namespaces with sshd), machine load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
                'each measured run changes a running-config line of frr.conf on every host: checker, backup, atomic install, frr-reload.py (one line removed, one added) and health check run every time',
                ...(withAnsible ? [] : [ANSIBLE_MISSING])
            ],
            details: { bgptopo, ansible, cpu, toolsCpu, cores }
        };
    } finally {
        killControlMasters(controlDir);
        await lab.destroy();
        rmSync(dir, { recursive: true, force: true });
        rmSync(controlDir, { recursive: true, force: true });
    }
}

/** ssh ControlPersist masters ansible started for this run (found by their control path), by pid. */
function killControlMasters(controlDir: string): void {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
            const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
            if (cmdline.startsWith('ssh') && cmdline.includes(controlDir)) process.kill(Number(pid), 'SIGTERM');
        } catch {
            // gone
        }
    }
}
