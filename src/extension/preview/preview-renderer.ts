/**
 * Renders the files a preview shows: the current version of the topology when it has no errors, else the
 * last good render of it, marked with a banner. Previews render with `allowMissingKeys` and a secrets
 * resolver that knows nothing, so a secret value never appears in a preview (the renderer writes a
 * placeholder comment instead) and WireGuard keys that only the hosts know are placeholders too.
 */
import type * as vscode from 'vscode';
import { renderTopology } from '../../render/render-topology.js';
import type { RenderedFile } from '../../render/render-types.js';
import { createTemplateLoader } from '../../render/template-loader-fs.js';
import { errorMessage } from '../extension-log.js';
import { readSettings } from '../settings.js';
import { RESTRICTED_TEMPLATES_NOTICE } from '../workspace-trust.js';
import type { TopologySnapshot } from '../topology-document-model.js';
import { matchesTarget, type PreviewTarget } from './preview-uri.js';

export interface PreviewRender {
    readonly files: readonly RenderedFile[];
    /** The snapshot version the files were rendered from. */
    readonly version: number;
    /** Set when the current version could not be rendered (the files are then the last good ones). */
    readonly problem?: string;
    /** Errors in the current version. */
    readonly errorCount: number;
    /** Said on the first line of every preview (Restricted Mode: the workspace's templates are not used). */
    readonly notice?: string;
}

interface GoodRender {
    readonly version: number;
    readonly files: readonly RenderedFile[];
}

export class PreviewRenderer {
    private readonly lastGood = new Map<string, GoodRender>();
    private readonly current = new Map<string, PreviewRender>();

    /** Render (once per version) the snapshot; falls back to the last good render on errors. */
    render(snapshot: TopologySnapshot): PreviewRender {
        const key = snapshot.uri.toString();
        const cached = this.current.get(key);
        if (cached && cached.version === snapshot.version) {
            return cached;
        }
        const result = this.renderFresh(snapshot);
        this.current.set(key, result);
        return result;
    }

    /** Render everything again at the next request (the workspace was trusted, templates changed). */
    clear(): void {
        this.lastGood.clear();
        this.current.clear();
    }

    forget(uri: vscode.Uri): void {
        this.lastGood.delete(uri.toString());
        this.current.delete(uri.toString());
    }

    private renderFresh(snapshot: TopologySnapshot): PreviewRender {
        const key = snapshot.uri.toString();
        const previous = this.lastGood.get(key);
        const fallback = (problem: string): PreviewRender => ({
            files: previous?.files ?? [],
            version: snapshot.version,
            problem,
            errorCount: snapshot.errorCount
        });
        if (snapshot.errorCount > 0 || !snapshot.model) {
            return fallback(`topology has ${snapshot.errorCount} error${snapshot.errorCount === 1 ? '' : 's'}`);
        }
        try {
            const settings = readSettings(snapshot.uri);
            const { files } = renderTopology(snapshot.model, {
                templates: createTemplateLoader(settings.templateDirs),
                sourceName: snapshot.uri.path.split('/').pop(),
                secrets: () => undefined,
                allowMissingKeys: true
            });
            this.lastGood.set(key, { version: snapshot.version, files });
            const notice = settings.restricted ? RESTRICTED_TEMPLATES_NOTICE : undefined;
            return { files, version: snapshot.version, errorCount: 0, ...(notice ? { notice } : {}) };
        } catch (error) {
            return fallback(`the topology does not render: ${errorMessage(error).split('\n')[0]}`);
        }
    }
}

/** The comment leader of a rendered file's format. */
export function commentLeader(path: string): string {
    return /frr\.conf$|\/frr\/daemons$/.test(path) ? '!' : '#';
}

/** The text of one preview document: the rendered file, with a banner when it is not current. */
export function previewText(render: PreviewRender, target: PreviewTarget): string {
    const leader = commentLeader(target.path);
    const file = render.files.find((candidate) => matchesTarget(candidate, target));
    const owner = target.host ?? 'the cluster';
    if (!render.problem) {
        const notice = render.notice ? `${leader} bgptopo: ${render.notice}\n` : '';
        return notice + (file ? file.content : `${leader} bgptopo: the topology renders no ${target.path} for ${owner} (any more)\n`);
    }
    if (!file) {
        return `${leader} bgptopo: nothing to show — ${render.problem} and ${target.path} of ${owner} has not rendered yet\n`;
    }
    return `${leader} bgptopo: showing the last good render — ${render.problem}\n${file.content}`;
}
