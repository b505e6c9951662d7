/** WireGuard checks: on each member, a recent handshake with every other member of the mesh. */
import type { ModelWireGuard } from '../model/index.js';
import { hostPrefix } from '../model/ip-address.js';
import { PROBES, type EvaluationContext, type PlanSink } from './verify-check-context.js';
import type { Evaluation } from './verify-frr.js';
import { parseWgAllowedIps, parseWgHandshakes } from './verify-host-state.js';
import { locateWireguardMember } from './verify-locate.js';
import type { Probe } from './verify-probe-script.js';

export type WireguardHandshakeRule = {
    readonly rule: 'wireguard-handshake';
    readonly host: string;
    readonly handshakesProbe: string;
    readonly allowedIpsProbe: string;
    /** The other members and the host route (/32, /128) each must be the peer for. */
    readonly peers: readonly { readonly host: string; readonly allowedIp: string }[];
    readonly maxAgeSeconds: number;
};

export function planWireguard(wireguard: ModelWireGuard, maxAgeSeconds: number, { probe, checks }: PlanSink): void {
    const members = wireguard.members.filter((member) => member.address);
    const handshakes: Probe = { id: `wg-handshakes:${wireguard.name}`, argv: ['wg', 'show', wireguard.name, 'latest-handshakes'] };
    const allowed: Probe = { id: `wg-allowed-ips:${wireguard.name}`, argv: ['wg', 'show', wireguard.name, 'allowed-ips'] };
    for (const member of wireguard.members) {
        const host = member.host;
        probe(host, handshakes);
        probe(host, allowed);
        probe(host, PROBES.now);
        const peers = members.filter((other) => other.host !== host).map((peer) => ({ host: peer.host.name, allowedIp: hostPrefix(peer.address!.address).text }));
        checks.push({
            id: `wireguard-handshake:${wireguard.name}@${host.name}`,
            kind: 'wireguard-handshake',
            subject: `${wireguard.name} on ${host.name}`,
            location: locateWireguardMember(wireguard, host),
            rule: { rule: 'wireguard-handshake', host: host.name, handshakesProbe: handshakes.id, allowedIpsProbe: allowed.id, peers, maxAgeSeconds }
        });
    }
}

function parseEpoch(stdout: string): number {
    const value = Number(stdout.trim());
    if (!Number.isInteger(value) || value <= 0) {
        throw new Error(`not an epoch: ${stdout.trim().slice(0, 40)}`);
    }
    return value;
}

export function wireguardHandshakes(rule: WireguardHandshakeRule, context: EvaluationContext): Evaluation {
    const now = context.parsed(rule.host, PROBES.now.id, parseEpoch);
    const times = context.parsed(rule.host, rule.handshakesProbe, parseWgHandshakes);
    const ips = context.parsed(rule.host, rule.allowedIpsProbe, parseWgAllowedIps);
    const problems: string[] = [];
    let oldest = 0;
    for (const peer of rule.peers) {
        const key = [...ips].find(([, prefixes]) => prefixes.includes(peer.allowedIp))?.[0];
        const epoch = key === undefined ? undefined : times.get(key);
        if (key === undefined || epoch === undefined) {
            problems.push(`${peer.host}: no peer with AllowedIPs ${peer.allowedIp}`);
        } else if (epoch === 0) {
            problems.push(`${peer.host}: no handshake yet`);
        } else if (now - epoch > rule.maxAgeSeconds) {
            problems.push(`${peer.host}: last handshake ${now - epoch} s ago (bound ${rule.maxAgeSeconds} s)`);
        } else {
            oldest = Math.max(oldest, now - epoch);
        }
    }
    if (problems.length > 0) {
        return { status: 'fail', message: problems.join('; ') };
    }
    return { status: 'pass', message: rule.peers.length > 0 ? `${rule.peers.length} peers, oldest handshake ${oldest} s ago` : 'no peers' };
}
