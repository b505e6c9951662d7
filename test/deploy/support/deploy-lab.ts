/**
 * The deploy lab: the hosts of {@link deployLabTopology} as lab hosts (FRR routers started the Debian way
 * with bgpd=no plus keepalived, HAProxy + keepalived load balancers, GoBGP speakers configured from the
 * model's derived sessions, a stand-in API server on 6443), the topology written for the lab block's
 * addresses, and SSH sessions opened the way the CLI opens them (known_hosts checked, lab client key).
 */
import { readFileSync } from 'node:fs';
import { createLab, type Lab, type LabHostSpec } from '../../lab/index.js';
import type { TopologyModel } from '../../../src/model/topology-model.js';
import { SshSession, type HostKeyPolicy } from '../../../src/deploy/ssh-session.js';
import { deployLabTopology, HOST_NUMBER, loadDeployTopology, type DeployLabPlan, type LoadedDeployTopology } from './deploy-topology.js';

export interface DeployLab {
    readonly lab: Lab;
    readonly plan: DeployLabPlan;
    readonly topology: LoadedDeployTopology;
    readonly model: TopologyModel;
    readonly dir: string;
}

export interface DeployLabOptions {
    /** Which hosts of the topology to build (default all 7). */
    readonly hosts?: readonly string[];
    readonly sudoUser?: string;
    /** SSH user written in the topology (default root). */
    readonly topologyUser?: string;
    readonly passwordSecret?: string;
    readonly password?: string;
    /** Where the topology file is written. */
    readonly dir: string;
}

/** A keepalived config the lab's daemons start with: one placeholder instance, replaced by the deploy. */
function initialKeepalived(plan: DeployLabPlan, host: string, priority: number): string {
    return `# placeholder config of the lab (before the first deploy)
global_defs {
    router_id ${host}-initial
}
vrrp_instance VI_initial {
    state BACKUP
    interface eth0
    virtual_router_id 200
    priority ${priority}
    advert_int 1
    virtual_ipaddress {
        ${plan.lan}.200/24
    }
}
`;
}

export async function createDeployLab(options: DeployLabOptions): Promise<DeployLab> {
    let plan: DeployLabPlan | undefined;
    let topology: LoadedDeployTopology | undefined;
    const wanted = new Set(options.hosts ?? Object.keys(HOST_NUMBER));
    // The topology is loaded inside the spec factory (it needs the block) but loading is async: build the
    // plan there, load after.
    const lab = await createLab((block) => {
        const lan = block.ip(0, 0).split('.').slice(0, 3).join('.');
        const pool = block.ip(15, 0).split('.').slice(0, 3).join('.');
        plan = { lan, pool, routerAsn: 64512, speakerAsn: 65010, passwordSecret: options.passwordSecret };
        const p = plan;
        const hosts: LabHostSpec[] = [];
        const address = (name: string) => block.address(0, HOST_NUMBER[name]);
        for (const [name, priority] of [['r1', 150], ['r2', 100]] as const) {
            if (wanted.has(name)) {
                hosts.push({ name, kind: 'router', addresses: [address(name)], daemons: ['sshd', 'frr', 'keepalived'], keepalivedConfig: initialKeepalived(p, name, priority) });
            }
        }
        for (const [name, priority] of [['lb1', 150], ['lb2', 100]] as const) {
            if (wanted.has(name)) {
                hosts.push({ name, kind: 'loadbalancer', addresses: [address(name)], daemons: ['sshd', 'keepalived', 'haproxy'], keepalivedConfig: initialKeepalived(p, name, priority) });
            }
        }
        for (const name of ['cp1', 'cp2', 'cp3']) {
            if (!wanted.has(name)) {
                continue;
            }
            // The speaker as the model derives it: ASN, the routers it dials, the source address, the password.
            const ip = block.ip(0, HOST_NUMBER[name]);
            hosts.push({
                name,
                kind: 'node',
                addresses: [address(name)],
                daemons: ['sshd', 'gobgpd'],
                gobgp: {
                    asn: p.speakerAsn,
                    routerId: ip,
                    connectRetry: 1,
                    neighbors: (['r1', 'r2'] as const).map((router) => ({
                        address: block.ip(0, HOST_NUMBER[router]),
                        peerAs: p.routerAsn,
                        localAddress: ip,
                        password: options.password
                    })),
                    announce: [`${p.pool}.${HOST_NUMBER[name]}/32`]
                }
            });
        }
        return { sudoUser: options.sudoUser, segments: [{ name: 'lan', cidr: block.subnet(0) }], hosts };
    });
    try {
        await privateBackups(lab);
        topology = await loadDeployTopology(options.dir, deployLabTopology(plan!, { user: options.topologyUser }));
        checkSpeakersMatchModel(lab, topology.model, plan!);
        return { lab, plan: plan!, topology, model: topology.model, dir: options.dir };
    } catch (error) {
        await lab.destroy();
        throw error;
    }
}

/**
 * The lab makes /etc, /var/lib, /run, /var/log, /tmp private per host, but not /var/backups, where the
 * deploy keeps its backups: without this every host (and the machine) would share one folder. A tmpfs in
 * each host's private mount namespace fixes that; it goes away with the host. (To be moved into test/lab.)
 */
export async function privateBackups(lab: Lab): Promise<void> {
    await Promise.all(Object.keys(lab.hosts).map((host) => lab.exec(host, ['mount', '-t', 'tmpfs', '-o', 'mode=755,size=64m', 'host-backups', '/var/backups'])));
}

/** The GoBGP speakers were configured by hand from the plan: make sure the model derives the same sessions. */
function checkSpeakersMatchModel(lab: Lab, model: TopologyModel, plan: DeployLabPlan): void {
    for (const session of model.sessions) {
        const host = lab.hosts[session.node.name];
        if (!host) {
            continue;
        }
        const neighbor = host.spec.gobgp?.neighbors.find((n) => n.address === session.destination?.address.text);
        if (!neighbor || neighbor.peerAs !== session.routerAsn || session.speakerAsn !== plan.speakerAsn || neighbor.localAddress !== session.source?.address.text) {
            throw new Error(`lab speaker on ${session.node.name} does not match the model's session ${session.id}`);
        }
    }
}

/** Host keys from a known_hosts file; unknown keys refused (what the CLI does without --accept-new). */
export function knownHostsPolicy(path: string): HostKeyPolicy {
    return { knownHosts: () => readFileSync(path, 'utf8'), onUnknownKey: async () => false };
}

/** Connect to a lab host as the CLI would: its address, the lab key, strict known_hosts. */
export function labConnect(lab: Lab, options: { user?: string; knownHostsPath?: string; privateKey?: Buffer; port?: number } = {}) {
    return (host: { name: string }): Promise<SshSession> => {
        const target = lab.sshTarget(host.name, { user: options.user });
        return SshSession.connect({
            host: target.host,
            port: options.port ?? target.port,
            user: target.username,
            privateKey: options.privateKey ?? readFileSync(target.privateKeyPath),
            connectTimeoutMs: 5000,
            hostKeys: knownHostsPolicy(options.knownHostsPath ?? target.knownHostsPath)
        });
    };
}
