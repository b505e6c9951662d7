/**
 * Finding unused values for quick fixes: the next free host address in a network, the next free VRID on
 * a VRRP segment, the next free private ASN of a file. Pure functions of the lowered model.
 */
import { formatAddress, isReservedInSubnet, lastAddress, networkAddress, type IpAddress, type IpPrefix } from '../../model/ip-address.js';
import type { ModelNetwork, ModelVip, TopologyModel } from '../../model/topology-model.js';
import { vrrpSegment } from '../validation/vrrp-validator.js';

const PRIVATE_ASN_FIRST = 64512;
const PRIVATE_ASN_LAST = 65534;
/** How far a search for a free address goes before giving up (a /16 is 65536 addresses). */
const ADDRESS_SEARCH_LIMIT = 1 << 17;

/** Every address a host or VIP takes, as `family:value` keys. */
export function takenAddresses(model: TopologyModel): Set<string> {
    const taken = new Set<string>();
    for (const host of model.hosts) {
        for (const entry of host.addresses) {
            taken.add(addressKey(entry.address));
        }
    }
    for (const vip of model.vips) {
        if (vip.address) {
            taken.add(addressKey(vip.address));
        }
    }
    return taken;
}

export function addressKey(address: { family: number; value: bigint }): string {
    return `${address.family}:${address.value}`;
}

/**
 * The first address of `prefix` after `from` (wrapping around to the start of the prefix) that no host
 * or VIP takes and that is not the subnet's network or broadcast address. `taken` is extended with it, so
 * successive calls hand out distinct addresses.
 */
export function nextFreeAddress(prefix: IpPrefix, from: IpAddress | undefined, taken: Set<string>): IpAddress | undefined {
    const first = networkAddress(prefix);
    const last = lastAddress(prefix);
    const size = last - first + 1n;
    const start = from && from.family === prefix.family && from.value >= first && from.value <= last ? from.value - first : 0n;
    const limit = size < BigInt(ADDRESS_SEARCH_LIMIT) ? size : BigInt(ADDRESS_SEARCH_LIMIT);
    for (let step = 1n; step <= limit; step++) {
        const value = first + ((start + step) % size);
        const candidate: IpAddress = { family: prefix.family, value, text: formatAddress(prefix.family, value) };
        if (!taken.has(addressKey(candidate)) && !isReservedInSubnet(prefix, candidate)) {
            taken.add(addressKey(candidate));
            return candidate;
        }
    }
    return undefined;
}

/** The next VRID after the VIP's own (wrapping within 1–255) that no keepalived VIP on its segment uses. */
export function nextFreeVrid(model: TopologyModel, vip: ModelVip): number | undefined {
    const segment = vrrpSegment(vip);
    const used = new Set(
        model.vips.filter((other) => other.mechanism === 'keepalived' && vrrpSegment(other) === segment && other.vrid !== undefined).map((other) => other.vrid!)
    );
    const start = vip.vrid !== undefined && vip.vrid >= 1 && vip.vrid <= 255 ? vip.vrid : 0;
    for (let step = 1; step <= 255; step++) {
        const candidate = ((start - 1 + step + 255) % 255) + 1;
        if (!used.has(candidate)) {
            return candidate;
        }
    }
    return undefined;
}

/** The lowest 16-bit private ASN (RFC 6996) that no router, speaker or neighbor line of the file uses. */
export function nextFreePrivateAsn(model: TopologyModel): number | undefined {
    const used = new Set<number>();
    for (const router of model.routers) {
        if (router.asn !== undefined) {
            used.add(router.asn);
        }
        for (const neighbor of router.neighbors) {
            if (typeof neighbor.remoteAs === 'number') {
                used.add(neighbor.remoteAs);
            }
        }
    }
    for (const speaker of model.speakers) {
        if (speaker.asn !== undefined) {
            used.add(speaker.asn);
        }
    }
    for (let asn = PRIVATE_ASN_FIRST; asn <= PRIVATE_ASN_LAST; asn++) {
        if (!used.has(asn)) {
            return asn;
        }
    }
    return undefined;
}

/** The network a new address for a speaker node should go on: the one its router peers are reached on. */
export function peeringNetwork(routers: { addresses: { network?: ModelNetwork }[] }[], preferred?: ModelNetwork): ModelNetwork | undefined {
    const networks = routers.flatMap((router) => router.addresses.flatMap((entry) => (entry.network ? [entry.network] : [])));
    if (preferred && networks.includes(preferred)) {
        return preferred;
    }
    return networks.find((network) => network.prefix && routers.every((router) => router.addresses.some((entry) => entry.network === network))) ?? networks[0];
}
