/**
 * WireGuard (wg-quick) /etc/wireguard/IFNAME.conf on each mesh member (FACTS §6).
 *
 * The private key never enters the file: `PostUp = wg set %i private-key /etc/wireguard/IFNAME.key` loads
 * it from the host. Peers' public keys come from the caller (`publicKeys`, collected by the deploy step):
 * an unknown key is an error naming the hosts, or, with `allowMissingKeys` (previews), a commented
 * placeholder line — such a preview is not a loadable config, and says so. AllowedIPs are the model's
 * (the peer's mesh address plus the routes it carries); Endpoint is the peer's address on an underlay
 * network, omitted when it has none (that peer must then dial in).
 */
import type { ModelHost, ModelWireGuard, ModelWireGuardMember, TopologyModel } from '../model/index.js';
import { hostPort } from '../model/ip-address.js';
import { interfaceNameProblem } from '../model/value-syntax.js';
import { headerLines, originOf } from './render-header.js';
import { RenderError, type RenderContext, type RenderedFile } from './render-types.js';

/** A WireGuard key: 32 bytes in base64 (44 characters ending in `=`). */
const KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

interface PeerView {
    readonly name: string;
    readonly publicKey?: string;
    readonly missingKey?: string;
    readonly allowedIps: string;
    readonly endpoint?: string;
    readonly keepalive?: number;
}

export function renderWireguard(model: TopologyModel, context: RenderContext, include: (host: ModelHost) => boolean): RenderedFile[] {
    const files: RenderedFile[] = [];
    for (const mesh of model.wireguards) {
        const origin = originOf(`wireguard ${mesh.name}`, mesh.ast);
        const problem = interfaceNameProblem(mesh.name);
        if (problem) {
            // Validation reports it first (interface-invalid); this guards models built despite the error.
            throw new RenderError(`the mesh name is the interface wg-quick creates: ${problem}`, origin);
        }
        const missing = new Set<string>();
        const keyOf = (host: ModelHost): string | undefined => {
            const key = context.options.publicKeys?.(host.name);
            if (key !== undefined && !KEY.test(key)) {
                throw new RenderError(`the public key given for ${host.name} is not a WireGuard key (44 base64 characters)`, origin);
            }
            if (key === undefined) {
                missing.add(host.name);
            }
            return key;
        };
        for (const member of mesh.members) {
            if (!include(member.host)) {
                continue;
            }
            if (!member.address || !mesh.network?.prefix) {
                throw new RenderError(`member ${member.host.name} has no address in the mesh network`, origin);
            }
            const peers = mesh.members.filter((other) => other !== member).map((other) => peerView(mesh, other, keyOf(other.host)));
            files.push({
                host: member.host.name,
                kind: 'wireguard',
                path: `/etc/wireguard/${mesh.name}.conf`,
                content: context.renderTemplate('wireguard/wg.conf.njk', {
                    header: headerLines('#', [origin]),
                    address: `${member.address.address.text}/${mesh.network.prefix.length}`,
                    listenPort: mesh.listenPort,
                    keyFile: `/etc/wireguard/${mesh.name}.key`,
                    peers
                }, `${member.host.name}:/etc/wireguard/${mesh.name}.conf`),
                origin
            });
        }
        if (missing.size > 0 && !context.options.allowMissingKeys) {
            throw new RenderError(`public key unknown for ${[...missing].sort().join(', ')} (collect them first, e.g. with a deploy)`, origin);
        }
    }
    return files;
}

function peerView(mesh: ModelWireGuard, member: ModelWireGuardMember, publicKey: string | undefined): PeerView {
    const underlay = member.host.addresses.find((entry) => entry.network?.role === 'underlay' && entry.network !== mesh.network);
    const endpoint = underlay ? hostPort(underlay.address.text, mesh.listenPort) : undefined;
    return {
        name: member.host.name,
        publicKey,
        missingKey: publicKey === undefined ? `PublicKey unknown for ${member.host.name}: not collected yet (preview only)` : undefined,
        allowedIps: member.allowedIps.map((prefix) => prefix.text).join(', '),
        endpoint,
        keepalive: mesh.persistentKeepaliveSeconds
    };
}
