/**
 * The values of single AST nodes as the model carries them: strings unquoted, defaults filled in, addresses and
 * prefixes parsed, keyword choices mapped. Pure functions of the node; the lowering (topology-lowering.ts)
 * assembles the model from them.
 */
import type * as ast from '../language/generated/ast.js';
import { parseAddress, parsePrefix, type IpAddress } from './ip-address.js';
import { labelTerm, labelText } from './node-selector.js';
import type { AddressFamily, ModelAddress, ModelDefaults, ModelNetwork, NetworkRole, SourceSelection, VipMechanism } from './topology-model.js';

const DEFAULT_SSH_USER = 'root';
const DEFAULT_SSH_PORT = 22;
export function lowerDefaults(blocks: ast.Defaults[]): ModelDefaults {
    const ssh = blocks.flatMap((block) => block.ssh ?? []);
    const last = <T>(pick: (item: ast.DefaultSsh) => T | undefined): T | undefined =>
        ssh.map(pick).filter((value) => value !== undefined).pop();
    const jump = last((item) => item.jump);
    const user = last((item) => item.user);
    const port = last((item) => item.port);
    const iface = blocks.map((block) => block.interface).filter((value) => value !== undefined).pop();
    return {
        sshUser: user ? unquote(user) : DEFAULT_SSH_USER,
        sshPort: port ?? DEFAULT_SSH_PORT,
        sshUserStated: user !== undefined,
        sshPortStated: port !== undefined,
        identity: optionalUnquote(last((item) => item.identity)),
        knownHosts: optionalUnquote(last((item) => item.knownHosts)),
        jump: jump?.host
            ? {
                  user: jump.user ? unquote(jump.user) : (user ? unquote(user) : DEFAULT_SSH_USER),
                  host: unbracket(unquote(jump.host)),
                  port: jump.port ?? DEFAULT_SSH_PORT,
                  stated: { user: jump.user !== undefined || user !== undefined, port: jump.port !== undefined }
              }
            : undefined,
        interface: optionalUnquote(iface)
    };
}

export function lowerNetwork(node: ast.Network): ModelNetwork {
    return {
        name: node.name ?? '',
        prefix: node.prefix ? parsePrefix(node.prefix) : undefined,
        role: (node.role as NetworkRole | undefined) ?? 'underlay',
        interface: optionalUnquote(node.interface),
        ranges: (node.ranges ?? []).map((range) => ({
            start: range.start ? parseAddress(range.start) : undefined,
            end: range.end ? parseAddress(range.end) : undefined,
            ast: range
        })),
        services: (node.services ?? []).map(labelTerm),
        namespaces: (node.namespaces ?? []).map((namespace) => labelText(namespace)),
        autoAssign: !node.autoAssignOff,
        ast: node
    };
}

export function routerId(explicit: string | undefined, addresses: ModelAddress[]): IpAddress | undefined {
    if (explicit) {
        return parseAddress(explicit);
    }
    return addresses.find((entry) => entry.address.family === 4)?.address;
}

export function vipMechanism(node: ast.VipMechanism | undefined): VipMechanism | undefined {
    if (!node?.kind) {
        return undefined;
    }
    if (node.kind === 'keepalived') {
        return 'keepalived';
    }
    return node.mode === 'arp' ? 'kube-vip-arp' : 'kube-vip-bgp';
}

export function familyOf(text: string): AddressFamily {
    return text === 'ipv6' ? 6 : 4;
}

export function sourceSelection(node: ast.SourceSelector | undefined): SourceSelection {
    if (node?.index !== undefined) {
        return { kind: 'index', index: node.index };
    }
    if (node?.interface) {
        return { kind: 'interface', interface: unquote(node.interface) };
    }
    return { kind: 'primary' };
}

export function offset(node: { $cstNode?: { offset: number } }): number {
    return node.$cstNode?.offset ?? 0;
}

export function unquote(text: string): string {
    if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) {
        return text;
    }
    try {
        return JSON.parse(text) as string;
    } catch {
        return text.slice(1, -1);
    }
}

export function optionalUnquote(text: string | undefined): string | undefined {
    return text === undefined ? undefined : unquote(text);
}

export function unbracket(text: string): string {
    return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
}

/**
 * `pod-network A, B`, `pod-cidr` lines: the first item of each family, in order (LANGUAGE-V2 §6; a second one of a
 * family is `option-duplicate`). Items whose family is unknown (a network without a prefix) are kept.
 */
export function onePerFamily<T>(items: readonly T[], familyOf: (item: T) => AddressFamily | undefined): T[] {
    const seen = new Set<AddressFamily>();
    return items.filter((item) => {
        const family = familyOf(item);
        if (family === undefined) {
            return true;
        }
        if (seen.has(family)) {
            return false;
        }
        seen.add(family);
        return true;
    });
}
