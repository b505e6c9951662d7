/**
 * Host preparation the renderer does not produce: kernel settings a host's role needs, written by the
 * deployer as `/etc/sysctl.d/60-bgptopo.conf` and deployed like any other file (in the plan's diff, checked,
 * backed up, applied with `sysctl -p FILE`, rolled back to the exact previous runtime values).
 *
 * - A router forwards: `net.ipv4.ip_forward = 1`, and with IPv6 addresses `net.ipv6.conf.all.forwarding = 1`
 *   (the kernel then ignores router advertisements on it: a router's addresses are static in the topology).
 * - A host that runs an HAProxy frontend on a keepalived VIP binds the VIP before it owns it (the backup
 *   holder, and every holder before keepalived has run): `net.ipv4.ip_nonlocal_bind = 1`, or
 *   `net.ipv6.ip_nonlocal_bind = 1` for an IPv6 VIP.
 *
 * Nothing else is touched; a host that needs neither gets no file.
 */
import type { ModelHost, TopologyModel } from '../model/topology-model.js';
import { nonlocalBindSysctl } from '../render/haproxy-renderer.js';
import type { DeployFile } from './deploy-file-kinds.js';

export const SYSCTL_PATH = '/etc/sysctl.d/60-bgptopo.conf';

export function sysctlSettings(model: TopologyModel, host: ModelHost): Array<readonly [string, string, string]> {
    const settings: Array<readonly [string, string, string]> = [];
    if (host.kind === 'router') {
        settings.push(['net.ipv4.ip_forward', '1', 'router: forwards traffic between its networks']);
        if (host.addresses.some((entry) => entry.address.family === 6)) {
            settings.push(['net.ipv6.conf.all.forwarding', '1', 'router: forwards IPv6 traffic between its networks']);
        }
    }
    const frontendVips = model.vips.filter((vip) => vip.mechanism === 'keepalived' && vip.frontends.length > 0 && vip.holders.some((h) => h.host.name === host.name));
    for (const key of [...new Set(frontendVips.flatMap((vip) => (vip.address ? [nonlocalBindSysctl(vip.address.family)] : [])))].sort()) {
        const names = frontendVips.filter((vip) => vip.address && nonlocalBindSysctl(vip.address.family) === key).map((vip) => vip.name);
        settings.push([key, '1', `HAProxy binds ${names.join(', ')} before keepalived gives this host the address`]);
    }
    return settings;
}

/** The sysctl file for `host`, or undefined when its role needs no kernel setting. */
export function sysctlFile(model: TopologyModel, host: ModelHost): DeployFile | undefined {
    const settings = sysctlSettings(model, host);
    if (settings.length === 0) {
        return undefined;
    }
    const lines = [
        `# written by bgptopo deploy for ${host.kind} ${host.name}: kernel settings its role needs`,
        '# generated file: edit the topology, not this file',
        ...settings.flatMap(([key, value, why]) => [`# ${why}`, `${key} = ${value}`])
    ];
    return {
        host: host.name,
        kind: 'sysctl',
        path: SYSCTL_PATH,
        content: `${lines.join('\n')}\n`,
        origin: { element: `${host.kind} ${host.name}`, line: host.ast?.$cstNode?.range.start.line !== undefined ? host.ast.$cstNode.range.start.line + 1 : 0 }
    };
}
