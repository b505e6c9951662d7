/**
 * Shrinks a failing input while it keeps failing (delta debugging over lines, then over characters), so a
 * crash found by the fuzzer is reported as the few lines that cause it.
 */
export async function minimise(text: string, fails: (candidate: string) => Promise<boolean>, budget = 400): Promise<string> {
    let current = text;
    let attempts = 0;
    const tryCandidate = async (candidate: string): Promise<boolean> => {
        if (attempts++ >= budget || candidate === current) {
            return false;
        }
        if (await fails(candidate)) {
            current = candidate;
            return true;
        }
        return false;
    };
    for (const unit of ['\n', ''] as const) {
        let parts = split(current, unit);
        let chunk = Math.max(1, Math.floor(parts.length / 2));
        while (chunk >= 1 && attempts < budget) {
            let removed = false;
            for (let start = 0; start < parts.length && attempts < budget; ) {
                const candidate = [...parts.slice(0, start), ...parts.slice(start + chunk)].join(unit);
                if (await tryCandidate(candidate)) {
                    parts = split(current, unit);
                    removed = true;
                } else {
                    start += chunk;
                }
            }
            if (!removed) {
                chunk = Math.floor(chunk / 2);
            }
        }
    }
    return current;
}

function split(text: string, unit: '\n' | ''): string[] {
    return unit === '' ? Array.from(text) : text.split(unit);
}
