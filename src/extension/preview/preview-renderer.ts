/**
 * The text of a preview document, from the language server's answer (src/language-server/requests/
 * preview-renders.ts renders it): the rendered file, or the last good render of it marked with a banner
 * when the current version has errors or does not render.
 */
import type { PreviewFileResult } from '../../protocol/bgptopo-protocol.js';
import type { PreviewTarget } from './preview-uri.js';

/** The comment leader of a rendered file's format. */
export function commentLeader(path: string): string {
    return /frr\.conf$|\/frr\/daemons$/.test(path) ? '!' : '#';
}

/**
 * The text of one preview document: the rendered file, with a banner when it is not current, and the
 * `notice` line (Restricted Mode setting the workspace's templates aside) when it is.
 */
export function previewText(render: Pick<PreviewFileResult, 'content' | 'problem'> & { readonly notice?: string }, target: Omit<PreviewTarget, 'topology'>): string {
    const leader = commentLeader(target.path);
    const owner = target.host ?? 'the cluster';
    if (!render.problem) {
        const notice = render.notice ? `${leader} bgptopo: ${render.notice}\n` : '';
        return notice + (render.content ?? `${leader} bgptopo: the topology renders no ${target.path} for ${owner} (any more)\n`);
    }
    if (render.content === undefined) {
        return `${leader} bgptopo: nothing to show — ${render.problem} and ${target.path} of ${owner} has not rendered yet\n`;
    }
    return `${leader} bgptopo: showing the last good render — ${render.problem}\n${render.content}`;
}
