/** Workbench URLs understood by code-server 4.100 / VS Code 1.100's web workbench. */

export interface WorkbenchUrlOptions {
    /** Absolute folder path on the server machine, opened as the workspace (`?folder=`). */
    folder?: string;
    /** Extension folder loaded as "under development" (like `code --extensionDevelopmentPath`). */
    extensionDevelopmentPath?: string;
    /** CommonJS module exporting `run(): Promise<void>`, executed in the extension host (like `--extensionTestsPath`). */
    extensionTestsPath?: string;
}

export interface ServerAddress {
    baseUrl: string;
    /** `HOST:PORT` of the server, the authority of vscode-remote:// URIs. */
    authority: string;
}

/**
 * Builds `BASE/?folder=...&payload=[[key, value], ...]`. The web workbench reads `payload` and turns the two
 * development keys into the same environment the desktop gets from its command line; the paths must be
 * vscode-remote:// URIs of the server (code-server's own CLI rejects --extensionDevelopmentPath).
 */
export function workbenchUrl(server: ServerAddress, options: WorkbenchUrlOptions): string {
    const params: string[] = [];
    if (options.folder) {
        params.push(`folder=${encodeURIComponent(options.folder)}`);
    }
    const payload: Array<[string, string]> = [];
    if (options.extensionDevelopmentPath) {
        payload.push(['extensionDevelopmentPath', remoteUri(server, options.extensionDevelopmentPath)]);
    }
    if (options.extensionTestsPath) {
        payload.push(['extensionTestsPath', remoteUri(server, options.extensionTestsPath)]);
    }
    if (payload.length > 0) {
        params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
    }
    return `${server.baseUrl}/${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

function remoteUri(server: ServerAddress, absolutePath: string): string {
    if (!absolutePath.startsWith('/')) {
        throw new Error(`expected an absolute path, got ${absolutePath}`);
    }
    const encodedPath = absolutePath.split('/').map(encodeURIComponent).join('/');
    return `vscode-remote://${server.authority}${encodedPath}`;
}
