/** Name and value formatting shared by the renderers (pure string helpers). */

/** A Kubernetes object name (DNS-1123 subdomain): lower case, `_` and other characters become `-`. */
export function k8sName(...parts: string[]): string {
    const name = parts
        .join('-')
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')
        .replace(/-+/g, '-')
        .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
    return name.slice(0, 253) || 'bgptopo';
}

/** An FRR WORD (peer-group, route-map, prefix-list name): no spaces or other separators. */
export function frrWord(...parts: string[]): string {
    return parts.join('-').replace(/[^A-Za-z0-9_.-]+/g, '-');
}

/** A keepalived / HAProxy identifier. */
export function identifier(...parts: string[]): string {
    return parts.join('_').replace(/[^A-Za-z0-9_.-]+/g, '_');
}

/** Whole seconds from milliseconds, rounded up (never 0 for a positive duration). */
export function seconds(ms: number): number {
    return Math.max(1, Math.ceil(ms / 1000));
}

/** BGP timer seconds: like {@link seconds}, but a zero stays zero (`hold 0s`: no keepalives, RFC 4271). */
export function timerSeconds(ms: number): number {
    return ms === 0 ? 0 : seconds(ms);
}

/** keepalived's advert_int: seconds with up to two decimals (0.01–255). */
export function advertSeconds(ms: number): string {
    const value = Math.max(10, Math.round(ms / 10) * 10) / 1000;
    return String(value);
}
