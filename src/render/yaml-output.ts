/** Kubernetes manifests as text: typed objects dumped with js-yaml, deterministically, behind a `#` header. */
import { dump } from 'js-yaml';

/** One YAML stream: the header, then each document after `---`, keys in insertion order. */
export function yamlStream(header: string, documents: readonly object[]): string {
    const body = documents.map((document) => `---\n${dump(document, { noRefs: true, lineWidth: -1, quotingType: '"' })}`).join('');
    return `${header}\n${body}`;
}
