/**
 * What previews show, rendered by the server from the model it built for diagnostics: the files of the
 * current version when it has no errors, else the last good render of the document, with the reason.
 * Previews render with `allowMissingKeys` and a secrets resolver that knows nothing, so a secret value never
 * appears in a preview (the renderer writes a placeholder comment instead) and WireGuard keys that only the
 * hosts know are placeholders too. One render per document version, template folders and host: a preview
 * renders only the files of the host it shows.
 */
import type { TopologyModel } from '../../model/topology-model.js';
import { renderTopology } from '../../render/render-topology.js';
import type { RenderedFile } from '../../render/render-types.js';
import { createTemplateLoader } from '../../node/template-loader-fs.js';

export interface PreviewRender {
    readonly files: readonly RenderedFile[];
    /** Set when the requested version could not be rendered (the files are then the last good ones). */
    readonly problem?: string;
}

/** The document's version and state, as the request handlers see it. */
export interface PreviewSource {
    readonly uri: string;
    readonly version: number;
    readonly errorCount: number;
    /** Undefined when the document could not be lowered. */
    readonly model: () => TopologyModel | undefined;
}

interface Rendered {
    readonly key: string;
    readonly render: PreviewRender;
}

/** The whole topology, or one host's files. */
const WHOLE = '';

export class PreviewRenders {
    /** By document, the renders of its current version and template folders, by scope. */
    private readonly current = new Map<string, Map<string, Rendered>>();
    /** By document, the last file that rendered for each `host|path`. */
    private readonly lastGood = new Map<string, Map<string, RenderedFile>>();

    /**
     * The render of one host's files (a preview needs no more), or of the whole topology (`host`
     * undefined: the list to pick from, and cluster manifests).
     */
    render(source: PreviewSource, templateDirs: readonly string[], host?: string): PreviewRender {
        const key = `${source.version}\n${templateDirs.join('\n')}`;
        const scope = host ?? WHOLE;
        let renders = this.current.get(source.uri);
        const cached = renders?.get(scope);
        if (cached?.key === key) {
            return cached.render;
        }
        if (!renders || [...renders.values()].some((rendered) => rendered.key !== key)) {
            renders = new Map();
            this.current.set(source.uri, renders);
        }
        const render = this.renderFresh(source, templateDirs, host);
        renders.set(scope, { key, render });
        return render;
    }

    forget(uri: string): void {
        this.current.delete(uri);
        this.lastGood.delete(uri);
    }

    private renderFresh(source: PreviewSource, templateDirs: readonly string[], host: string | undefined): PreviewRender {
        const good = this.lastGood.get(source.uri) ?? new Map<string, RenderedFile>();
        const fallback = (problem: string): PreviewRender => ({
            files: [...good.values()].filter((file) => host === undefined || file.host === host),
            problem
        });
        const model = source.errorCount > 0 ? undefined : source.model();
        if (!model) {
            return fallback(`topology has ${source.errorCount} error${source.errorCount === 1 ? '' : 's'}`);
        }
        try {
            const { files } = renderTopology(model, {
                templates: createTemplateLoader([...templateDirs]),
                secrets: () => undefined,
                allowMissingKeys: true,
                hosts: host === undefined ? undefined : [host]
            });
            if (host === undefined) {
                good.clear();
            } else {
                [...good].filter(([, file]) => file.host === host).forEach(([path]) => good.delete(path));
            }
            files.forEach((file) => good.set(`${file.host ?? ''}|${file.path}`, file));
            this.lastGood.set(source.uri, good);
            return { files };
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            return fallback(`the topology does not render: ${message.split('\n')[0]}`);
        }
    }
}
