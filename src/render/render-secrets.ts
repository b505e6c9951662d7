/**
 * A speaker's BGP password, the same way for every renderer: a literal `password "…"` in the topology is
 * refused (it is never copied into a config), a `password secret "NAME"` is resolved through the caller's
 * resolver and checked to fit every consumer; in a preview an unresolved secret becomes a note instead.
 */
import type { ModelSpeaker } from '../model/index.js';
import { commentSafe, originOf } from './render-header.js';
import { RenderError, type RenderContext } from './render-types.js';

function speakerOrigin(speaker: ModelSpeaker) {
    return originOf(`${speaker.kind} speaker of cluster ${speaker.cluster.name}`, speaker.ast);
}

/** Throws when the speaker has a literal password (the `secret-in-source` error of the editor). */
export function refuseLiteralPassword(speaker: ModelSpeaker): void {
    if (speaker.literalPassword) {
        throw new RenderError(
            'has a literal password; bgptopo never copies a password from the topology file into a config. Use `password secret "NAME"` (the secret-in-source quick fix).',
            speakerOrigin(speaker)
        );
    }
}

/**
 * The speaker's password: `{}` without one; `{ password }` once resolved; in a preview with the secret
 * unknown, `{ unresolved }`: the secret's name, made safe to quote inside a one-line comment.
 */
export function speakerPassword(speaker: ModelSpeaker, context: RenderContext): { password?: string; unresolved?: string } {
    refuseLiteralPassword(speaker);
    const name = speaker.passwordSecret;
    if (!name) {
        return {};
    }
    const value = context.options.secrets?.(name);
    if (value === undefined || value === '') {
        if (context.options.allowMissingKeys) {
            return { unresolved: commentSafe(name) };
        }
        throw new RenderError(`secret "${name}" is not available (set it in the editor's secret storage or BGPTOPO_SECRET_${name})`, speakerOrigin(speaker));
    }
    if (!/^[\x21-\x7e]+$/.test(value) || /[:,]/.test(value) || value.length > 80) {
        // FRR takes one word; kube-vip's bgp_peers cannot carry ':' or ','; TCP-MD5 keys are at most 80 bytes.
        throw new RenderError(`secret "${name}" must be 1–80 printable characters without spaces, ':' or ','`, speakerOrigin(speaker));
    }
    return { password: value };
}
