/**
 * The verify lab: 2 FRR routers holding a keepalived VIP, 2 HAProxy load balancers holding the API VIP,
 * 3 control-plane nodes with GoBGP speakers (stand-ins for the cilium-bgp speaker) and `openssl s_server`
 * on :6443 as stand-in kube-apiservers (HAProxy's `check-ssl` + `httpchk GET /readyz` gets a 200 from
 * `-www`). The .bgptopo text is generated for the lab's own addresses; FRR, keepalived and HAProxy configs
 * come from the real renderer; GoBGP configs are derived from the same model's sessions. Used by
 * test/deploy/verify-lab.test.ts, failover-lab.test.ts and bench/verify-bench.ts. Needs root.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { createBgptopoServices } from '../../src/language-server/bgptopo-module.js';
import type { Topology } from '../../src/language/generated/ast.js';
import type { ModelHost, TopologyModel } from '../../src/model/index.js';
import type { VerifyReport } from '../../src/deploy/verify-types.js';
import { SshSession } from '../../src/deploy/ssh-session.js';
import { renderTopology } from '../../src/render/render-topology.js';
import type { RenderedFile } from '../../src/render/render-types.js';
import { createTemplateLoader } from '../../src/node/template-loader-fs.js';
import { createLab, gobgpConfig, labInitFrr, vtyshJson, waitFor, writeGobgpConfig, type Lab, type LabBlock } from '../lab/index.js';

export const API_PORT = 6443;

/** The topology text for the lab's /20 (`b.subnet(0)` is the LAN; 4–6 hold pod, service and pool ranges). */
export function verifyLabTopology(b: LabBlock): string {
    const ip = (host: number) => b.ip(0, host);
    return `topology verify-lab

defaults {
  ssh user root
}

network lan      ${b.subnet(0)} { role underlay  interface eth0 }
network pods     ${b.subnet(4)} { role pod }
network services ${b.subnet(5)} { role service }
network lb-pool  ${b.subnet(6)} { role loadbalancer }

router r1 {
  asn 64512
  address ${ip(1)}
}
router r2 {
  asn 64512
  address ${ip(2)}
}

vip bgp-vip ${ip(250)} {
  keepalived vrid 51 advert 1s
  holders r1 priority 150, r2 priority 100
  interface eth0
}

loadbalancer lb1 { address ${ip(11)} }
loadbalancer lb2 { address ${ip(12)} }

vip api-vip ${ip(100)} {
  keepalived vrid 52 advert 1s
  holders lb1 priority 150, lb2 priority 100
  interface eth0
  health-check tcp ${API_PORT} every 2s
  frontend ${API_PORT} -> control-plane of k8s port ${API_PORT}
}

cluster k8s {
  pod-network pods
  service-network services
  cni cilium

  cilium-bgp {
    asn 65010
    peers r1, r2
    advertise pod-cidrs, pool lb-pool
  }

  node cp1 control-plane { address ${ip(21)}  pod-cidr ${b.ip(4, 0)}/26 }
  node cp2 control-plane { address ${ip(22)}  pod-cidr ${b.ip(4, 64)}/26 }
  node cp3 control-plane { address ${ip(23)}  pod-cidr ${b.ip(4, 128)}/26 }
}
`;
}

/** Parses, validates and lowers a topology text; throws on errors. */
export async function modelFromText(text: string, uri = 'file:///verify-lab.bgptopo'): Promise<TopologyModel> {
    const services = createBgptopoServices(EmptyFileSystem);
    const workspace = services.shared.workspace;
    const document = workspace.LangiumDocumentFactory.fromString<Topology>(text, URI.parse(uri));
    workspace.LangiumDocuments.addDocument(document);
    await workspace.DocumentBuilder.build([document], { validation: true });
    if (document.state < DocumentState.Validated) {
        throw new Error('the topology did not build');
    }
    const errors = (document.diagnostics ?? []).filter((d) => d.severity === 1);
    if (errors.length > 0) {
        throw new Error(`the topology has errors:\n${errors.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n')}`);
    }
    return services.Bgptopo.topology.TopologyCache.forDocument(document);
}

export interface VerifyLab {
    readonly lab: Lab;
    readonly block: LabBlock;
    readonly text: string;
    readonly model: TopologyModel;
    readonly files: RenderedFile[];
    /** ssh2 sessions to lab hosts as root, host keys checked against the lab's known_hosts. */
    connect(host: ModelHost): Promise<SshSession>;
    /** The rendered file of a kind for a host. */
    file(host: string, kind: RenderedFile['kind']): RenderedFile;
    /** lab-up figures. */
    readonly timings: { labUpMs: number; daemonsUpMs: number; convergedMs: number };
}

export function sshConnector(lab: Lab): (host: ModelHost) => Promise<SshSession> {
    return (host) => {
        const target = lab.sshTarget(host.name);
        return SshSession.connect({
            host: target.host,
            port: target.port,
            user: target.username,
            privateKey: readFileSync(target.privateKeyPath),
            connectTimeoutMs: 5_000,
            hostKeys: { knownHosts: () => readFileSync(target.knownHostsPath, 'utf8'), onUnknownKey: async () => false }
        });
    };
}

function tlsStandInCertificate(): { cert: string; key: string } {
    const dir = mkdtempSync(join(tmpdir(), 'bgptopo-verify-cert-'));
    try {
        execFileSync(
            'openssl',
            ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=kube-apiserver-stand-in',
                '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
            { stdio: 'ignore' }
        );
        return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

export function tcpOpen(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = tcpConnect({ host, port });
        const done = (ok: boolean) => {
            socket.destroy();
            resolve(ok);
        };
        socket.setTimeout(timeoutMs, () => done(false));
        socket.once('connect', () => done(true));
        socket.once('error', () => done(false));
    });
}

/** Starts the stand-in API server on a node (background; the host's init reaps it; lab.destroy kills it). */
export async function startApiStandIn(lab: Lab, node: string): Promise<void> {
    await lab.exec(node, [
        'sh',
        '-c',
        'nohup openssl s_server -quiet -www -accept "$1" -cert /etc/kubernetes/stand-in.crt -key /etc/kubernetes/stand-in.key </dev/null >/var/log/apiserver-stand-in.log 2>&1 &',
        'start-api',
        String(API_PORT)
    ]);
    const address = lab.host(node).primaryAddress;
    await waitFor(() => tcpOpen(address, API_PORT), { timeoutMs: 10_000, intervalMs: 50, what: `stand-in API server on ${node}:${API_PORT}` });
}

/** GoBGP speaker config of a node, from the model's sessions (announces its exact prefixes + one pool /32). */
export function gobgpForNode(model: TopologyModel, node: string, extraAnnounce: string[] = []) {
    const sessions = model.sessions.filter((session) => session.node.name === node);
    const first = sessions[0];
    if (!first?.speakerAsn || !first.source) {
        throw new Error(`node ${node} has no usable session`);
    }
    const exact = [...new Set(sessions.flatMap((s) => s.announcements.filter((a) => a.exact).map((a) => a.prefix.text)))];
    return gobgpConfig({
        asn: first.speakerAsn,
        routerId: first.source.address.text,
        connectRetry: 1,
        neighbors: sessions.map((session) => ({ address: session.destination!.address.text, peerAs: session.routerAsn! })),
        announce: [...exact, ...extraAnnounce]
    });
}

export async function createVerifyLab(): Promise<VerifyLab> {
    const labStart = performance.now();
    const lab = await createLab((b) => ({
        segments: [{ name: 'lan', cidr: b.subnet(0) }],
        hosts: [
            ...[1, 2].map((i) => ({ name: `r${i}`, kind: 'router' as const, addresses: [b.address(0, i)], daemons: ['sshd' as const] })),
            ...[1, 2].map((i) => ({ name: `lb${i}`, kind: 'loadbalancer' as const, addresses: [b.address(0, 10 + i)], daemons: ['sshd' as const] })),
            ...[1, 2, 3].map((i) => ({ name: `cp${i}`, kind: 'node' as const, addresses: [b.address(0, 20 + i)], daemons: ['sshd' as const] }))
        ]
    }));
    try {
        const labUpMs = performance.now() - labStart;
        const block = lab.block!;
        const text = verifyLabTopology(block);
        const model = await modelFromText(text);
        const { files } = renderTopology(model, { templates: createTemplateLoader(), only: ['frr', 'keepalived', 'haproxy'] });
        const file = (host: string, kind: RenderedFile['kind']) => {
            const found = files.find((f) => f.host === host && f.kind === kind);
            if (!found) {
                throw new Error(`no rendered ${kind} file for ${host}`);
            }
            return found;
        };
        const daemonsStart = performance.now();
        const { cert, key } = tlsStandInCertificate();
        await Promise.all([
            ...['r1', 'r2'].map(async (router) => {
                await labInitFrr(lab.host(router), { bgpd: true, config: file(router, 'frr').content });
                await lab.startDaemon(router, 'frr');
                await lab.writeFile(router, '/etc/keepalived/keepalived.conf', file(router, 'keepalived').content);
                await lab.startDaemon(router, 'keepalived');
            }),
            ...['cp1', 'cp2', 'cp3'].map(async (node) => {
                await lab.writeFile(node, '/etc/kubernetes/stand-in.crt', cert);
                await lab.writeFile(node, '/etc/kubernetes/stand-in.key', key, { mode: 0o600 });
                await startApiStandIn(lab, node);
            })
        ]);
        await Promise.all(
            ['lb1', 'lb2'].map(async (lb) => {
                await lab.exec(lb, ['sysctl', '-q', '-w', 'net.ipv4.ip_nonlocal_bind=1']);
                await lab.exec(lb, ['mkdir', '-p', '/run/haproxy']);
                await lab.writeFile(lb, '/etc/haproxy/haproxy.cfg', file(lb, 'haproxy').content);
                await lab.startDaemon(lb, 'haproxy');
                await lab.writeFile(lb, '/etc/keepalived/keepalived.conf', file(lb, 'keepalived').content);
                await lab.startDaemon(lb, 'keepalived');
            })
        );
        const poolAddress = (i: number) => `${block.ip(6, 10 + i)}/32`;
        await Promise.all(
            ['cp1', 'cp2', 'cp3'].map(async (node, i) => {
                await writeGobgpConfig(lab.host(node), gobgpForNode(model, node, [poolAddress(i)]));
                await lab.startDaemon(node, 'gobgpd');
            })
        );
        const daemonsUpMs = performance.now() - daemonsStart;
        const convergeStart = performance.now();
        await waitForBgpHealthy(lab, model, 45_000);
        const convergedMs = performance.now() - convergeStart;
        return {
            lab,
            block,
            text,
            model,
            files,
            connect: sshConnector(lab),
            file,
            timings: { labUpMs, daemonsUpMs, convergedMs }
        };
    } catch (error) {
        await lab.destroy();
        throw error;
    }
}

interface SummaryJson {
    ipv4Unicast?: { peers?: Record<string, { state: string; peerState: string; pfxRcd: number }> };
}

/**
 * Verifies until `done` holds for the report (the network needs a moment to show a fault, or to heal); bounded. On
 * timeout the error lists the last report's checks that did not pass.
 */
export async function verifyUntil(verify: () => Promise<VerifyReport>, what: string, done: (report: VerifyReport) => boolean, timeoutMs = 30_000): Promise<VerifyReport> {
    let last: VerifyReport | undefined;
    try {
        return await waitFor(
            async () => {
                last = await verify();
                return done(last) ? last : undefined;
            },
            { timeoutMs, intervalMs: 200, what }
        );
    } catch (error) {
        const open = last?.checks.filter((check) => check.status !== 'pass').map((check) => `${check.status} ${check.id} (line ${check.line}): ${check.message}`);
        throw open ? new Error(`${(error as Error).message}; the last report's checks that did not pass:\n${open.join('\n')}`) : error;
    }
}

/** Every derived session Established/OK with at least one prefix, seen from the routers themselves. */
export async function waitForBgpHealthy(lab: Lab, model: TopologyModel, timeoutMs: number): Promise<void> {
    await waitFor(
        async () => {
            for (const router of model.routers) {
                const summary = await vtyshJson<SummaryJson>(lab.host(router.name), 'show bgp summary json');
                const peers = summary.ipv4Unicast?.peers ?? {};
                for (const session of router.sessions) {
                    const peer = peers[session.source!.address.text];
                    if (!peer || peer.state !== 'Established' || peer.peerState !== 'OK' || peer.pfxRcd < 1) {
                        return false;
                    }
                }
            }
            return true;
        },
        { timeoutMs, intervalMs: 200, what: 'every BGP session Established/OK with prefixes' }
    );
}

/** The hosts holding an address right now (from the lab side, not over SSH). */
export async function holdersOf(lab: Lab, hosts: readonly string[], address: string): Promise<string[]> {
    const having: string[] = [];
    for (const host of hosts) {
        const { stdout } = await lab.exec(host, ['ip', '-4', '-o', 'addr', 'show']);
        if (stdout.includes(` ${address}/`)) {
            having.push(host);
        }
    }
    return having;
}
