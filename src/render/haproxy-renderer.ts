/**
 * HAProxy 2.6 on every holder of a VIP with `frontend` lines: /etc/haproxy/haproxy.cfg (FACTS §6).
 *
 * Each frontend binds VIP:PORT in TCP mode (the backup holder binds an address it does not own yet, so the
 * host needs `net.ipv4.ip_nonlocal_bind=1`, or `net.ipv6.ip_nonlocal_bind=1` for an IPv6 VIP; the deploy
 * step sets it) and the loopback of the VIP's family (127.0.0.1 or ::1) on PORT as well, which keepalived's
 * local health check probes. The backend is
 * the cluster's control-plane nodes (primary address) on the target port, checked with GET /readyz over TLS.
 * A frontend that would bind the kube-apiserver's own port on a control-plane node is refused: both
 * cannot listen there (`haproxy -c` binds nothing, so no checker would notice).
 *
 * A `frontend` on a `loadbalancer` block (LANGUAGE-V2 §9) is HAProxy on that host alone, bound to each of its own
 * addresses on the port: no VIP, no keepalived.
 */
import type { IpFamily, ModelFrontend, ModelHost, ModelVip, TopologyModel } from '../model/index.js';
import { hostPort, loopbackAddress } from '../model/ip-address.js';
import { headerLines, originOf } from './render-header.js';
import { identifier } from './render-names.js';
import { RenderError, type RenderContext, type RenderedFile, type RenderOrigin } from './render-types.js';

interface ProxyView {
    readonly frontend: string;
    readonly backend: string;
    readonly binds: string[];
    readonly servers: { name: string; address: string }[];
}

export function renderHaproxy(model: TopologyModel, context: RenderContext, include: (host: ModelHost) => boolean): RenderedFile[] {
    const files: RenderedFile[] = [];
    for (const host of model.hosts) {
        const vips = host.vips.filter((vip) => vip.frontends.length > 0);
        const own = host.kind === 'loadbalancer' ? host.frontends : [];
        if ((vips.length === 0 && own.length === 0) || !include(host)) {
            continue;
        }
        const origins = [...vips.map((vip) => originOf(`vip ${vip.name}`, vip.ast)), ...(own.length > 0 ? [originOf(`loadbalancer ${host.name}`, host.ast)] : [])];
        const proxies = [
            ...vips.flatMap((vip) => vip.frontends.map((frontend) => vipProxy(vip, frontend, host))),
            ...own.map((frontend) => hostProxy(frontend, host))
        ];
        const sysctls = [...new Set(vips.flatMap((vip) => (vip.address ? [`${nonlocalBindSysctl(vip.address.family)}=1`] : [])))].sort();
        files.push({
            host: host.name,
            kind: 'haproxy',
            path: '/etc/haproxy/haproxy.cfg',
            content: context.renderTemplate('haproxy/haproxy.cfg.njk', {
                header: headerLines('#', origins),
                sysctls: sysctls.join(' and '),
                proxies
            }, `${host.name}:/etc/haproxy/haproxy.cfg`),
            origin: origins[0]
        });
    }
    return files;
}

/** The kernel setting that lets a host bind an address of `family` it does not hold (yet). */
export function nonlocalBindSysctl(family: IpFamily): string {
    return family === 6 ? 'net.ipv6.ip_nonlocal_bind' : 'net.ipv4.ip_nonlocal_bind';
}


function vipProxy(vip: ModelVip, frontend: ModelFrontend, host: ModelHost): ProxyView {
    const origin = originOf(`frontend ${frontend.port} of vip ${vip.name}`, frontend.ast);
    if (!vip.address) {
        throw new RenderError('the VIP has no valid address', originOf(`vip ${vip.name}`, vip.ast));
    }
    const binds = [hostPort(vip.address.text, frontend.port)];
    if (vip.healthCheck?.port === frontend.port) {
        binds.push(hostPort(loopbackAddress(vip.address.family), frontend.port));
    }
    return {
        frontend: identifier(vip.name, String(frontend.port)),
        backend: identifier(frontend.cluster?.name ?? '', 'control-plane', vip.name, String(frontend.port)),
        binds,
        servers: controlPlaneServers(frontend, host, origin)
    };
}

/** A frontend of a `loadbalancer` block: bound to each of the host's own addresses. */
function hostProxy(frontend: ModelFrontend, host: ModelHost): ProxyView {
    const origin = originOf(`frontend ${frontend.port} of loadbalancer ${host.name}`, frontend.ast);
    if (host.addresses.length === 0) {
        throw new RenderError(`load balancer ${host.name} has no address to bind`, origin);
    }
    return {
        frontend: identifier(host.name, String(frontend.port)),
        backend: identifier(frontend.cluster?.name ?? '', 'control-plane', host.name, String(frontend.port)),
        binds: host.addresses.map((entry) => hostPort(entry.address.text, frontend.port)),
        servers: controlPlaneServers(frontend, host, origin)
    };
}

/** The cluster's control-plane nodes (primary address) on the target port. */
function controlPlaneServers(frontend: ModelFrontend, host: ModelHost, origin: RenderOrigin): ProxyView['servers'] {
    const cluster = frontend.cluster;
    if (!cluster) {
        throw new RenderError('the frontend names no cluster', origin);
    }
    if (host.kind === 'node' && host.role === 'control-plane' && frontend.port === frontend.targetPort) {
        throw new RenderError(
            `host ${host.name} runs kube-apiserver on port ${frontend.targetPort}; HAProxy cannot bind the same port there (use another frontend port or separate load balancers)`,
            origin
        );
    }
    const servers = cluster.nodes
        .filter((node) => node.role === 'control-plane')
        .map((node) => {
            const address = node.addresses[0]?.address.text;
            if (!address) {
                throw new RenderError(`control-plane node ${node.name} has no address`, origin);
            }
            return { name: node.name, address: hostPort(address, frontend.targetPort) };
        });
    if (servers.length === 0) {
        throw new RenderError(`cluster ${cluster.name} has no control-plane node`, origin);
    }
    return servers;
}
