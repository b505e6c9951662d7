/**
 * One host's apply bundle: a self-contained sh script that unpacks the new files into the staging
 * folder and then runs the apply body. It is uploaded whole, its checksum verified, and only then run, so a
 * connection that drops mid-upload can never leave half a script running on the host. Each unpacked file's
 * own checksum is checked again by the body (a full disk can cut what base64 -d writes).
 */
import { createHash } from 'node:crypto';
import { APPLY_BODY, applyScriptData, type ApplyScriptInput } from './remote-apply-script.js';
import { shellQuote } from './shell-quote.js';

export interface BundleFile {
    readonly staged: string;
    readonly content: string;
}

export function sha256(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}

export function buildBundle(files: readonly BundleFile[], input: ApplyScriptInput): { text: string; sha256: string } {
    const unpack = files.map((file) =>
        [
            `base64 -d > ${shellQuote(`${input.stageDir}/${file.staged}`)} <<'BGPTOPO_PAYLOAD'`,
            wrap(Buffer.from(file.content, 'utf8').toString('base64')),
            'BGPTOPO_PAYLOAD'
        ].join('\n')
    );
    const text = `${applyScriptData(input)}\numask 077\n${unpack.join('\n')}\n${APPLY_BODY}`;
    return { text, sha256: sha256(text) };
}

function wrap(base64: string): string {
    return base64.replace(/.{1,76}/g, '$&\n').trimEnd();
}
