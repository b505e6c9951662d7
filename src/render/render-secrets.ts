/**
 * A speaker's BGP password, the same way for every renderer: a literal `password "…"` in the topology is
 * refused (it is never copied into a config), a `password secret "NAME"` is resolved through the caller's
 * resolver and checked to fit every consumer; in a preview an unresolved secret becomes a note instead.
 */
import type { ModelPeerOptions, ModelSpeaker, TopologyModel } from '../model/index.js';
import { describeValue, secretNameProblem } from '../model/value-syntax.js';
import { commentSafe, originOf } from './render-header.js';
import { RenderError, type RenderContext, type RenderOrigin } from './render-types.js';

function speakerOrigin(speaker: ModelSpeaker): RenderOrigin {
    return originOf(`${speaker.kind} speaker of cluster ${speaker.cluster.name}`, speaker.ast);
}

/** A block's or one of its peer groups' password options (LANGUAGE-V2 §2); the block's by default. */
type PasswordOptions = Pick<ModelPeerOptions, 'literalPassword' | 'passwordSecret'>;

/** Throws when the speaker (or the peer group of `options`) has a literal password (the `secret-in-source` error). */
export function refuseLiteralPassword(speaker: ModelSpeaker, options: PasswordOptions = speaker): void {
    if (options.literalPassword) {
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
export function speakerSecretName(speaker: ModelSpeaker, options: PasswordOptions = speaker): string | undefined {
    const name = options.passwordSecret;
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
export function speakerPassword(
    speaker: ModelSpeaker,
    context: RenderContext,
    options: PasswordOptions = speaker
): { password?: string; unresolved?: string } {
    refuseLiteralPassword(speaker, options);
    return resolvePassword(speakerSecretName(speaker, options), speakerOrigin(speaker), context);
}

/** The password of a router's `neighbor ROUTER` or `upstream` line (LANGUAGE-V2 §4), the same way as a speaker's. */
export function linePassword(options: PasswordOptions, origin: RenderOrigin, context: RenderContext): { password?: string; unresolved?: string } {
    if (options.literalPassword) {
        throw new RenderError('has a literal password; bgptopo never copies a password from the topology file into a config. Use `password secret "NAME"`.', origin);
    }
    const name = options.passwordSecret;
    const problem = name === undefined ? undefined : secretNameProblem(name);
    if (problem) {
        throw new RenderError(`secret name ${describeValue(name!)} is not valid: ${problem}`, origin);
    }
    return resolvePassword(name, origin, context);
}

function resolvePassword(name: string | undefined, origin: RenderOrigin, context: RenderContext): { password?: string; unresolved?: string } {
    if (!name) {
        return {};
    }
    const value = context.options.secrets?.(name);
    if (value === undefined || value === '') {
        if (context.options.allowMissingKeys) {
            return { unresolved: commentSafe(name) };
        }
        throw new RenderError(`secret "${name}" is not available (set it in the editor's secret storage or BGPTOPO_SECRET_${name})`, origin);
    }
    if (!/^[\x21-\x7e]+$/.test(value) || /[:,]/.test(value) || value.length > 80) {
        // FRR takes one word; kube-vip's bgp_peers cannot carry ':' or ','; TCP-MD5 keys are at most 80 bytes.
        // The value is not in the topology, so this is the one check validation cannot make first.
        throw new RenderError(`the value of secret "${name}" must be 1–80 printable characters without spaces, ':' or ','`, origin);
    }
    return { password: value };
}

/** The secret names a topology refers to (`password secret "NAME"`), sorted, without duplicates. */
export function secretNames(model: TopologyModel): string[] {
    // The block's own secret and each peer group's (LANGUAGE-V2 §2).
    const names = [
        ...model.speakers.flatMap((speaker) => [speaker.passwordSecret, ...speaker.groups.map((group) => group.options.passwordSecret)]),
        // Routers' own sessions (LANGUAGE-V2 §4).
        ...model.routers.flatMap((router) => [...router.routerNeighbors, ...router.upstreams].map((line) => line.options.passwordSecret))
    ];
    return [...new Set(names.filter((name): name is string => !!name))].sort();
}
