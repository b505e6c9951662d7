/**
 * A speaker's BGP password, the same way for every renderer: a literal `password "…"` in the topology is
 * refused (it is never copied into a config), a `password secret "NAME"` is resolved through the caller's
 * resolver and checked to fit every consumer; in a preview an unresolved secret becomes a note instead.
 */
import type { ModelSpeaker, TopologyModel } from '../model/index.js';
import { describeValue, secretNameProblem } from '../model/value-syntax.js';
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
 * The speaker's secret name, checked by the rule validation reports as `secret-name-invalid` (defence in
 * depth: a name from a model built despite that error never reaches a Secret name or a comment).
 */
export function speakerSecretName(speaker: ModelSpeaker): string | undefined {
    const name = speaker.passwordSecret;
    const problem = name === undefined ? undefined : secretNameProblem(name);
    if (problem) {
        throw new RenderError(`secret name ${describeValue(name!)} is not valid: ${problem}`, speakerOrigin(speaker));
    }
    return name;
}

/**
 * The speaker's password: `{}` without one; `{ password }` once resolved; in a preview with the secret
 * unknown, `{ unresolved }`: the secret's name, made safe to quote inside a one-line comment.
 */
export function speakerPassword(speaker: ModelSpeaker, context: RenderContext): { password?: string; unresolved?: string } {
    refuseLiteralPassword(speaker);
    const name = speakerSecretName(speaker);
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
        // The value is not in the topology, so this is the one check validation cannot make first.
        throw new RenderError(`the value of secret "${name}" must be 1–80 printable characters without spaces, ':' or ','`, speakerOrigin(speaker));
    }
    return { password: value };
}

/** The secret names a topology refers to (`password secret "NAME"`), sorted, without duplicates. */
export function secretNames(model: TopologyModel): string[] {
    return [...new Set(model.speakers.map((speaker) => speaker.passwordSecret).filter((name): name is string => !!name))].sort();
}
