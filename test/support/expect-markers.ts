/**
 * The `# expect:` test markers of LANGUAGE.md: `# expect: CODE` on a line of its own marks the next line, at
 * the end of a line it marks that line; `# expect-none` says the file has no error or warning. In a file
 * with markers every error and warning must be marked; info diagnostics are free.
 */
export interface ExpectMarker {
    /** 0-based line the marker applies to. */
    readonly line: number;
    readonly code: string;
}

export interface ExpectMarkers {
    readonly markers: ExpectMarker[];
    readonly none: boolean;
}

export function readExpectMarkers(text: string): ExpectMarkers {
    const lines = text.split(/\r?\n/);
    const markers: ExpectMarker[] = [];
    let none = false;
    lines.forEach((line, index) => {
        if (/#\s*expect-none\b/.test(line)) {
            none = true;
        }
        const match = /#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/.exec(line);
        if (!match) {
            return;
        }
        const ownLine = line.slice(0, match.index).trim() === '';
        const target = ownLine ? nextCodeLine(lines, index + 1) : index;
        for (const code of match[1].split(',').map((c) => c.trim())) {
            markers.push({ line: target, code });
        }
    });
    return { markers, none };
}

function nextCodeLine(lines: string[], from: number): number {
    for (let i = from; i < lines.length; i++) {
        const trimmed = lines[i].trim();
        if (trimmed !== '' && !trimmed.startsWith('#') && !trimmed.startsWith('//')) {
            return i;
        }
    }
    return from;
}

export interface FoundDiagnostic {
    readonly line: number;
    readonly code: string;
    readonly severity: 'error' | 'warning' | 'info' | 'hint';
    readonly message: string;
}

/** Problems with a file's diagnostics against its markers; empty when they hold exactly. */
export function compareWithMarkers(expect: ExpectMarkers, found: FoundDiagnostic[]): string[] {
    const problems: string[] = [];
    for (const marker of expect.markers) {
        if (!found.some((d) => d.line === marker.line && d.code === marker.code)) {
            problems.push(`line ${marker.line + 1}: expected ${marker.code}, found ${describe(found.filter((d) => d.line === marker.line))}`);
        }
    }
    if (expect.none || expect.markers.length > 0) {
        for (const d of found) {
            if (d.severity !== 'error' && d.severity !== 'warning') {
                continue;
            }
            if (!expect.markers.some((m) => m.line === d.line && m.code === d.code)) {
                problems.push(`line ${d.line + 1}: unexpected ${d.severity} ${d.code}: ${d.message}`);
            }
        }
    }
    return problems;
}

function describe(found: FoundDiagnostic[]): string {
    return found.length === 0 ? 'nothing' : found.map((d) => d.code).join(', ');
}
