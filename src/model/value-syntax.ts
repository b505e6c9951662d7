/**
 * The syntax of every free-form value a topology hands to a config file, a manifest or a command, checked
 * against the grammar of the place it goes. Each rule returns undefined for a good value, else a sentence
 * naming the rule (shown as a located diagnostic by validation, and by the renderers' defence in depth).
 * Pure string functions: the language server's validators and the renderers share them, so `validate` and
 * `render` refuse exactly the same values.
 */
import { parseAddress } from './ip-address.js';

/** Line breaks in every form (CR, LF, NEL, LS, PS), NUL and every other C0/C1 control character, DEL. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The longest name: a DNS label, so that any name fits a host name, a Kubernetes label value or identifier. */
export const MAX_NAME_LENGTH = 63;

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const RFC1123_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const INTERFACE_CHARACTERS = /^[A-Za-z0-9_.-]+$/;
const PORTABLE_USER_NAME = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;

/** A value as it appears in a message: quoted, control characters escaped, at most 60 characters. */
export function describeValue(value: string): string {
    const shown = JSON.stringify(value).replace(/[\u0080-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return shown.length > 62 ? `${shown.slice(0, 59)}…"` : shown;
}

function byteLength(value: string): number {
    return new TextEncoder().encode(value).length;
}

/** The first character of `value` outside `allowed`, described for a message (`'$'`, `a line break`, `U+00E9`). */
function firstOffending(value: string, allowed: RegExp): string | undefined {
    for (const character of value) {
        if (!allowed.test(character)) {
            return describeCharacter(character);
        }
    }
    return undefined;
}

export function describeCharacter(character: string): string {
    const code = character.codePointAt(0) ?? 0;
    if (character === '\n' || character === '\r' || code === 0x85 || code === 0x2028 || code === 0x2029) {
        return 'a line break';
    }
    if (code === 0) {
        return 'a NUL character';
    }
    if (CONTROL_CHARACTER.test(character)) {
        return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    if (/\s/.test(character)) {
        return 'whitespace';
    }
    if (code > 0x7e) {
        return `the non-ASCII character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    return `'${character}'`;
}

/**
 * A network interface name, as Linux accepts it (1–15 bytes, IFNAMSIZ; no '/', ':', whitespace or control
 * characters; not `.` or `..`), narrowed to the characters that every destination takes literally:
 * keepalived and FRR configs, Kubernetes manifests and command lines. A leading '-' would read as an option.
 */
export function interfaceNameProblem(name: string): string | undefined {
    const rule = 'an interface name is 1–15 bytes (Linux IFNAMSIZ) of letters, digits, "-", "_" and "."';
    if (name === '') {
        return `an empty interface name: ${rule}`;
    }
    const bad = firstOffending(name, /[A-Za-z0-9_.-]/);
    if (bad) {
        const why = /[/:\s]/.test(name) || CONTROL_CHARACTER.test(name) ? 'Linux forbids it' : 'configs and commands would read it as syntax';
        return `${bad} is not allowed (${why}): ${rule}`;
    }
    const bytes = byteLength(name);
    if (bytes > 15) {
        return `${bytes} bytes is too long: ${rule}`;
    }
    if (name === '.' || name === '..') {
        return `"${name}" is not an interface name: ${rule}`;
    }
    if (name.startsWith('-')) {
        return `a leading "-" would read as an option on a command line: ${rule}`;
    }
    return INTERFACE_CHARACTERS.test(name) ? undefined : rule;
}

/** A user name from POSIX's portable set: letters, digits, '.', '_', '-' (not first); at most 32 (Linux useradd). */
export function userNameProblem(name: string): string | undefined {
    const rule = 'a user name is 1–32 characters of POSIX\'s portable set (letters, digits, ".", "_", "-"), not starting with "-"';
    if (name === '') {
        return `an empty user name: ${rule}`;
    }
    const bad = firstOffending(name, /[A-Za-z0-9._-]/);
    if (bad) {
        return `${bad} is not allowed: ${rule}`;
    }
    if (name.length > 32) {
        return `${name.length} characters is too long: ${rule}`;
    }
    if (!PORTABLE_USER_NAME.test(name)) {
        return `a leading "-" would read as an option: ${rule}`;
    }
    return undefined;
}

/** An SSH host: an IPv4 or IPv6 address, or a host name by RFC 1123 (labels of 1–63 letters, digits, '-'; 253 in all). */
export function sshHostProblem(host: string): string | undefined {
    const rule = 'an SSH host is an IP address or a host name (RFC 1123: dot-separated labels of 1–63 letters, digits and "-", not starting or ending with "-"; at most 253 characters)';
    if (parseAddress(host)) {
        return undefined;
    }
    if (host === '') {
        return `an empty host: ${rule}`;
    }
    const bad = firstOffending(host, /[A-Za-z0-9.-]/);
    if (bad) {
        return `${bad} is not allowed: ${rule}`;
    }
    if (host.length > 253) {
        return `${host.length} characters is too long: ${rule}`;
    }
    if (/^[0-9.]+$/.test(host) || host.includes(':')) {
        return `not a valid IP address: ${rule}`;
    }
    const label = host.split('.').find((part) => part.length > 63 || !RFC1123_LABEL.test(part));
    if (label !== undefined) {
        return `${label === '' ? 'an empty label' : `the label "${label.slice(0, 20)}${label.length > 20 ? '…' : ''}"`} is not valid: ${rule}`;
    }
    return undefined;
}

/**
 * A secret's name. It becomes a Kubernetes Secret's name (MetalLB `passwordSecret`, Cilium `authSecretRef`),
 * the key of a `--secrets` file line and the suffix of `BGPTOPO_SECRET_<NAME>`: a DNS-1123 label, which all
 * three take as it is and which no two names share after the environment variable's upper-casing.
 */
export function secretNameProblem(name: string): string | undefined {
    const rule = 'a secret name becomes a Kubernetes Secret name and BGPTOPO_SECRET_<NAME>: 1–63 lower-case letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label)';
    if (name === '') {
        return `an empty secret name: ${rule}`;
    }
    const bad = firstOffending(name, /[a-z0-9-]/);
    if (bad) {
        return `${bad} is not allowed: ${rule}`;
    }
    if (name.length > MAX_NAME_LENGTH) {
        return `${name.length} characters is too long: ${rule}`;
    }
    return DNS_LABEL.test(name) ? undefined : `it must start and end with a letter or digit: ${rule}`;
}

/** A local file path (SSH identity, known_hosts): no control characters, at most 4095 bytes (PATH_MAX). */
export function filePathProblem(path: string): string | undefined {
    const rule = 'a file path has no control characters (line breaks, NUL, …) and at most 4095 bytes';
    if (path === '') {
        return `an empty path: ${rule}`;
    }
    const bad = firstOffending(path, /[^\u0000-\u001f\u007f-\u009f\u2028\u2029]/u);
    if (bad) {
        return `${bad} is not allowed: ${rule}`;
    }
    const bytes = byteLength(path);
    return bytes > 4095 ? `${bytes} bytes is too long: ${rule}` : undefined;
}

/**
 * A declaration's name. Names become parts of host names, FRR, keepalived and HAProxy identifiers, file
 * paths and Kubernetes object names and label values, so they are at most 63 characters (a DNS label) of
 * letters, digits, '_' and '-' (the grammar's ID guarantees the characters; this rechecks them for models
 * built without the parser).
 */
export function declarationNameProblem(name: string): string | undefined {
    const rule = `a name is 1–${MAX_NAME_LENGTH} letters, digits, "_" and "-", starting with a letter or "_" (it becomes part of host names, config identifiers and Kubernetes names)`;
    const bad = firstOffending(name, /[A-Za-z0-9_-]/);
    if (name === '' || bad) {
        return `${bad ? `${bad} is not allowed` : 'an empty name'}: ${rule}`;
    }
    if (name.length > MAX_NAME_LENGTH) {
        return `${name.length} characters is too long: ${rule}`;
    }
    return /^[A-Za-z_]/.test(name) ? undefined : `it must start with a letter or "_": ${rule}`;
}

/**
 * The form a name takes inside Kubernetes object names (lower case, '-' for '_'): two names with one form
 * (`r_1` and `R-1`) would give two objects the same name, and one would silently replace the other.
 */
export function kubernetesNameForm(name: string): string {
    return name.toLowerCase().replace(/_/g, '-');
}

/**
 * A Kubernetes node's name. It is the node's `kubernetes.io/hostname` label value and the name of per-node
 * objects (CiliumBGPNodeConfigOverride), which the kubelet writes in lower case: a DNS-1123 label.
 */
export function kubernetesNodeNameProblem(name: string): string | undefined {
    const general = declarationNameProblem(name);
    if (general) {
        return general;
    }
    const rule = 'a cluster node\'s name is its Kubernetes node name: lower-case letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label, at most 63)';
    const bad = firstOffending(name, /[a-z0-9-]/);
    if (bad) {
        return `${bad} is not allowed: ${rule}`;
    }
    return DNS_LABEL.test(name) ? undefined : `it must start and end with a letter or digit: ${rule}`;
}

/** A Kubernetes namespace name: a DNS-1123 label (lower-case letters, digits and '-', at most 63). */
export function kubernetesNamespaceProblem(name: string): string | undefined {
    const rule = 'a Kubernetes namespace is a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
    const bad = firstOffending(name, /[a-z0-9-]/);
    if (bad) {
        return `${bad} is not allowed: ${rule}`;
    }
    return name.length <= 63 && DNS_LABEL.test(name) ? undefined : rule;
}

/** A Kubernetes object name (DNS-1123 subdomain): lower-case labels joined by '.', at most 253 characters. */
export function kubernetesObjectNameProblem(name: string): string | undefined {
    const rule = 'a Kubernetes object name is a DNS-1123 subdomain: dot-separated labels of lower-case letters, digits and "-", starting and ending with a letter or digit, at most 253 characters';
    if (name === '' || name.length > 253) {
        return `${name === '' ? 'an empty name' : `${name.length} characters is too long`}: ${rule}`;
    }
    const bad = firstOffending(name, /[a-z0-9.-]/);
    if (bad) {
        return `${bad} is not allowed: ${rule}`;
    }
    return name.split('.').every((label) => label.length <= 63 && DNS_LABEL.test(label)) ? undefined : rule;
}

const LABEL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;

function labelNameProblem(value: string, rule: string): string | undefined {
    const bad = firstOffending(value, /[A-Za-z0-9_.-]/);
    if (bad) {
        return `${bad} is not allowed: ${rule}`;
    }
    if (value.length > 63) {
        return `${value.length} characters is too long: ${rule}`;
    }
    return LABEL_NAME.test(value) ? undefined : `it must start and end with a letter or digit: ${rule}`;
}

/** A Kubernetes label value: empty, or at most 63 characters of [A-Za-z0-9_.-] beginning and ending alphanumeric. */
export function kubernetesLabelValueProblem(value: string): string | undefined {
    const rule = 'a Kubernetes label value is empty or 1–63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
    return value === '' ? undefined : labelNameProblem(value, rule);
}

/** A Kubernetes label key: an optional DNS-1123 subdomain prefix and '/', then a name like a label value (1–63). */
export function kubernetesLabelKeyProblem(key: string): string | undefined {
    const rule = 'a Kubernetes label key is [PREFIX/]NAME: PREFIX a DNS-1123 subdomain, NAME 1–63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
    const slash = key.indexOf('/');
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (slash >= 0) {
        const problem = kubernetesObjectNameProblem(key.slice(0, slash));
        if (problem) {
            return `the prefix: ${problem}`;
        }
    }
    return name === '' ? `an empty name: ${rule}` : labelNameProblem(name, rule);
}

/** The well-known community names of LANGUAGE-V2 §7, each rendered per consumer (FRR, Cilium names; MetalLB values). */
const WELL_KNOWN_COMMUNITY_NAMES = ['no-export', 'no-advertise', 'local-as', 'no-peer', 'blackhole', 'graceful-shutdown'] as const;

/**
 * A BGP community: standard `ASN:VALUE` (two 16-bit numbers, RFC 1997), large `GLOBAL:LOCAL1:LOCAL2` (three
 * 32-bit numbers, RFC 8092), or one of the well-known names of LANGUAGE-V2 §7.
 */
export function bgpCommunityProblem(text: string): string | undefined {
    const rule = `a BGP community is ASN:VALUE (0–65535 each), a large community A:B:C (0–4294967295 each) or ${WELL_KNOWN_COMMUNITY_NAMES.join(', ')}`;
    if ((WELL_KNOWN_COMMUNITY_NAMES as readonly string[]).includes(text)) {
        return undefined;
    }
    const parts = text.split(':');
    if ((parts.length !== 2 && parts.length !== 3) || !parts.every((part) => /^(?:0|[1-9][0-9]{0,9})$/.test(part))) {
        return `${describeValue(text)} is not a community: ${rule}`;
    }
    const max = parts.length === 2 ? 65535 : 4294967295;
    return parts.every((part) => Number(part) <= max) ? undefined : `a part exceeds ${max}: ${rule}`;
}
