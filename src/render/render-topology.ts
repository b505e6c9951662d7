/**
 * The single entry of the rendering layer: every file a topology needs, filtered by kind and host, in a
 * stable order (kinds in {@link RENDER_KINDS} order, then model declaration order). All problems found are
 * thrown together as {@link RenderErrors}; a broken template throws its {@link TemplateError} at once.
 */
import type { ModelCluster, ModelHost, TopologyModel } from '../model/index.js';
import { renderAlerts } from './alerts-renderer.js';
import { renderCalico } from './calico-renderer.js';
import { renderCilium } from './cilium-renderer.js';
import { renderFrr, renderFrrDaemons } from './frr-renderer.js';
import { renderHaproxy } from './haproxy-renderer.js';
import { renderKeepalived } from './keepalived-renderer.js';
import { renderKubeVip } from './kube-vip-renderer.js';
import { renderKubeVipServices } from './kube-vip-services-renderer.js';
import { renderMetallb } from './metallb-renderer.js';
import { renderNodes } from './nodes-renderer.js';
import { RenderError, RenderErrors, type RenderContext, type RenderedFile, type RenderKind, type RenderOptions, type RenderResult } from './render-types.js';
import { createTemplateRenderer, TemplateError } from './template-loader.js';
import { renderWireguard } from './wireguard-renderer.js';

type Renderer = (
    model: TopologyModel,
    context: RenderContext,
    includeHost: (host: ModelHost) => boolean,
    includeCluster: (cluster: ModelCluster) => boolean
) => RenderedFile[];

const RENDERERS: ReadonlyArray<readonly [RenderKind, Renderer]> = [
    ['frr', (m, c, h) => renderFrr(m, c, h)],
    ['frr-daemons', (m, c, h) => renderFrrDaemons(m, c, h)],
    ['keepalived', (m, c, h) => renderKeepalived(m, c, h)],
    ['haproxy', (m, c, h) => renderHaproxy(m, c, h)],
    ['kube-vip', (m, c, h, k) => [...renderKubeVip(m, c, h), ...renderKubeVipServices(m, c, k)]],
    ['nodes', (m, c, _h, k) => renderNodes(m, c, k)],
    ['metallb', (m, c, _h, k) => renderMetallb(m, c, k)],
    ['cilium', (m, c, _h, k) => renderCilium(m, c, k)],
    ['calico', (m, c, _h, k) => renderCalico(m, c, k)],
    ['wireguard', (m, c, h) => renderWireguard(m, c, h)],
    ['alerts', (m, c, _h, k) => renderAlerts(m, c, k)]
];

export function renderTopology(model: TopologyModel, options: RenderOptions): RenderResult {
    const renderTemplate = createTemplateRenderer(options.templates);
    const context: RenderContext = {
        options,
        renderTemplate
    };
    const hosts = options.hosts ? new Set(options.hosts) : undefined;
    const includeHost = (host: ModelHost) => !hosts || hosts.has(host.name);
    // A host filter selects host files; cluster manifests are rendered only without one.
    const includeCluster = () => !hosts;
    const only = options.only ? new Set(options.only) : undefined;
    const files: RenderedFile[] = [];
    const errors: Error[] = [];
    for (const [kind, render] of RENDERERS) {
        if (only && !only.has(kind)) {
            continue;
        }
        try {
            files.push(...render(model, context, includeHost, includeCluster));
        } catch (error) {
            if (error instanceof TemplateError) {
                throw error;
            }
            errors.push(error instanceof Error ? error : new Error(String(error)));
        }
    }
    errors.push(...duplicatePaths(files));
    if (errors.length > 0) {
        throw errors.length === 1 && errors[0] instanceof RenderError ? errors[0] : new RenderErrors(errors);
    }
    return { files };
}

/** Two files for one path on one host (e.g. a node holding two kube-vip VIPs) would overwrite each other. */
function duplicatePaths(files: RenderedFile[]): RenderError[] {
    const seen = new Map<string, RenderedFile>();
    const errors: RenderError[] = [];
    for (const file of files) {
        const key = `${file.host ?? ''}|${file.path}`;
        const earlier = seen.get(key);
        if (earlier) {
            errors.push(new RenderError(`${file.path} on ${file.host ?? 'the cluster'} is also rendered from ${earlier.origin.element}`, file.origin));
        } else {
            seen.set(key, file);
        }
    }
    return errors;
}
