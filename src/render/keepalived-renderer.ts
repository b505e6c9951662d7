/**
 * keepalived 2.2 on every holder of a `keepalived` VIP: /etc/keepalived/keepalived.conf (FACTS §5).
 *
 * - One vrrp_instance per VIP the host holds; the holder with the highest priority starts as MASTER (the
 *   first declared among equals), the others as BACKUP. Priority defaults to keepalived's 100.
 * - Unicast rule: when every holder has an address on the VIP's network (the network containing the VIP,
 *   else the network whose `interface` is the VIP's interface), the instance uses `unicast_src_ip` (this
 *   holder's address there) and `unicast_peer` (the others'). Unicast works on a plain L2 segment too and
 *   also where multicast does not (routed or tunnelled segments, clouds, multicast snooping), and it keeps
 *   adverts away from unrelated VRRP groups. When some holder's address there is unknown, keepalived's
 *   default multicast (224.0.0.18) is used, because a unicast peer list cannot be complete.
 * - `health-check tcp PORT` becomes a vrrp_script that opens a TCP connection to PORT on the loopback of
 *   the VIP's family (127.0.0.1, or ::1 for an IPv6 VIP) with bash's /dev/tcp under /usr/bin/timeout (both
 *   exist on Debian); without `weight` a failing check puts the instance in FAULT, so a holder whose service
 *   is down releases the VIP. The checked service must listen on that loopback (kube-apiserver binds all
 *   addresses; the rendered HAProxy frontend binds it too).
 */
import type { ModelAddress, ModelHost, ModelVip, TopologyModel } from '../model/index.js';
import { familyBits, loopbackAddress } from '../model/ip-address.js';
import { headerLines, originOf } from './render-header.js';
import { advertSeconds, identifier, seconds } from './render-names.js';
import { RenderError, type RenderContext, type RenderedFile } from './render-types.js';

const DEFAULT_PRIORITY = 100;
/** Seconds a single TCP probe may take; a local connect answers at once or never. */
const PROBE_TIMEOUT_SECONDS = 2;

interface ScriptView {
    readonly name: string;
    readonly command: string;
    readonly interval: number;
    readonly timeout: number;
}

interface InstanceView {
    readonly name: string;
    readonly state: 'MASTER' | 'BACKUP';
    /** VRRPv3 when the advert interval is below or not a whole second (VRRPv2 counts whole seconds). */
    readonly version?: number;
    readonly interface: string;
    readonly vrid: number;
    readonly priority: number;
    readonly advertInt: string;
    readonly unicastSrc?: string;
    readonly unicastPeers: string[];
    readonly address: string;
    readonly trackScript?: string;
}

/** The keepalived VIPs a host holds. */
export function keepalivedVips(host: ModelHost): ModelVip[] {
    return host.vips.filter((vip) => vip.mechanism === 'keepalived');
}

export function renderKeepalived(model: TopologyModel, context: RenderContext, include: (host: ModelHost) => boolean): RenderedFile[] {
    const files: RenderedFile[] = [];
    for (const host of model.hosts) {
        const vips = keepalivedVips(host);
        if (vips.length === 0 || !include(host)) {
            continue;
        }
        const origins = vips.map((vip) => originOf(`vip ${vip.name}`, vip.ast));
        const scripts: ScriptView[] = [];
        const instances = vips.map((vip) => {
            const script = vip.healthCheck ? scriptView(vip) : undefined;
            if (script) {
                scripts.push(script);
            }
            return instanceView(vip, host, script?.name);
        });
        files.push({
            host: host.name,
            kind: 'keepalived',
            path: '/etc/keepalived/keepalived.conf',
            content: context.renderTemplate('keepalived/keepalived.conf.njk', {
                header: headerLines('#', origins),
                routerId: host.name,
                scripts,
                instances
            }, `${host.name}:/etc/keepalived/keepalived.conf`),
            origin: origins[0]
        });
    }
    return files;
}

function scriptView(vip: ModelVip): ScriptView {
    const check = vip.healthCheck!;
    const interval = seconds(check.intervalMs);
    return {
        name: identifier('chk', vip.name, 'tcp', String(check.port)),
        command: `/usr/bin/timeout ${PROBE_TIMEOUT_SECONDS} /bin/bash -c '</dev/tcp/${loopbackAddress(vip.address?.family ?? 4)}/${check.port}'`,
        interval,
        timeout: PROBE_TIMEOUT_SECONDS + 1
    };
}

function instanceView(vip: ModelVip, host: ModelHost, trackScript: string | undefined): InstanceView {
    const origin = originOf(`vip ${vip.name}`, vip.ast);
    if (!vip.address) {
        throw new RenderError('the VIP has no valid address', origin);
    }
    if (vip.vrid === undefined) {
        throw new RenderError('a keepalived VIP needs `vrid`', origin);
    }
    if (!vip.interface) {
        throw new RenderError('no interface for the VIP (give `interface`, a network `interface`, or `defaults interface`)', origin);
    }
    const priorities = vip.holders.map((holder) => holder.priority ?? DEFAULT_PRIORITY);
    const best = Math.max(...priorities);
    const index = vip.holders.findIndex((holder) => holder.host === host);
    const master = priorities.indexOf(best) === index;
    const addresses = vip.holders.map((holder) => vrrpAddress(holder.host, vip));
    const unicast = addresses.every((address) => address !== undefined);
    const length = vip.network?.prefix?.family === vip.address.family ? vip.network.prefix.length : familyBits(vip.address.family);
    return {
        name: identifier('VI', vip.name),
        state: master ? 'MASTER' : 'BACKUP',
        version: vip.advertMs % 1000 === 0 ? undefined : 3,
        interface: vip.interface,
        vrid: vip.vrid,
        priority: priorities[index],
        advertInt: advertSeconds(vip.advertMs),
        unicastSrc: unicast ? addresses[index]!.address.text : undefined,
        unicastPeers: unicast ? addresses.filter((_, i) => i !== index).map((address) => address!.address.text) : [],
        address: `${vip.address.text}/${length}`,
        trackScript
    };
}

/** The holder's address on the VIP's segment, used for unicast VRRP. */
function vrrpAddress(host: ModelHost, vip: ModelVip): ModelAddress | undefined {
    const family = vip.address?.family;
    if (vip.network) {
        return host.addresses.find((entry) => entry.network === vip.network && entry.address.family === family);
    }
    return host.addresses.find((entry) => entry.network?.interface !== undefined && entry.network.interface === vip.interface && entry.address.family === family);
}
