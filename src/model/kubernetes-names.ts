/**
 * Kubernetes' own syntax for the names and labels a topology hands to a cluster (apimachinery
 * `validation.IsQualifiedName`, `IsValidLabelValue`, `IsDNS1123Subdomain`): a value that passes reaches a
 * manifest, a selector or a `kubectl label` call as one token and cannot change its structure.
 * Each function returns why the text is refused, or undefined when it is valid.
 */
const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A label key: `[PREFIX/]NAME`, PREFIX a DNS-1123 subdomain of at most 253 characters, NAME at most 63. */
export function labelKeyProblem(key: string): string | undefined {
    const slash = key.indexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (prefix !== undefined) {
        const problem = dnsSubdomainProblem(prefix);
        if (problem) {
            return `its prefix ${JSON.stringify(prefix)} ${problem}`;
        }
    }
    if (name.length === 0 || name.length > 63) {
        return 'its name must be 1–63 characters';
    }
    return NAME_PART.test(name) ? undefined : 'its name must start and end with a letter or digit and hold only letters, digits, `-`, `_` and `.`';
}

/** A label value: empty, or at most 63 characters starting and ending with a letter or digit. */
export function labelValueProblem(value: string): string | undefined {
    if (value.length > 63) {
        return 'it must be at most 63 characters';
    }
    return value === '' || NAME_PART.test(value) ? undefined : 'it must start and end with a letter or digit and hold only letters, digits, `-`, `_` and `.`';
}

/** A Node name: a DNS-1123 subdomain (lower case letters, digits, `-` and `.`, at most 253 characters). */
export function dnsSubdomainProblem(name: string): string | undefined {
    if (name.length === 0 || name.length > 253) {
        return 'must be 1–253 characters';
    }
    return DNS1123_SUBDOMAIN.test(name) ? undefined : 'must be lower-case letters, digits, `-` and `.`, each part starting and ending with a letter or digit';
}
