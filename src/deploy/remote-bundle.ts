/**
 * One host's apply bundle: a self-contained sh script that unpacks the new files into the staging
 * folder and then runs the apply body. It is uploaded whole, its checksum verified, and only then run, so a
 * connection that drops mid-upload can never leave half a script running on the host.
 */
import { createHash } from 'node:crypto';
import { applyScript, type ApplyScriptInput } from './remote-apply-script.js';
import { shellQuote } from './shell-quote.js';

export interface BundleFile {
    readonly staged: string;
    readonly content: string;
}

export function buildBundle(files: readonly BundleFile[], input: ApplyScriptInput): { text: string; sha256: string } {
    const unpack = files.map((file) =>
        [
            `base64 -d > ${shellQuote(`${input.stageDir}/${file.staged}`)} <<'BGPTOPO_PAYLOAD'`,
            wrap(Buffer.from(file.content, 'utf8').toString('base64')),
            'BGPTOPO_PAYLOAD'
        ].join('\n')
    );
    const script = applyScript(input);
    const text = `${script.split('\n').slice(0, 3).join('\n')}\numask 077\n${unpack.join('\n')}\n${script.split('\n').slice(3).join('\n')}`;
    return { text, sha256: createHash('sha256').update(text).digest('hex') };
}

function wrap(base64: string): string {
    return base64.replace(/.{1,76}/g, '$&\n').trimEnd();
}
