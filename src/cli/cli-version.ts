/**
 * The version `bgptopo --version` prints and SARIF records. esbuild.mjs replaces `BGPTOPO_BUILD_VERSION`
 * with package.json's version when bundling; unbundled (tests importing the sources) it is a dev marker.
 */
declare const BGPTOPO_BUILD_VERSION: string | undefined;

export const BGPTOPO_VERSION: string = typeof BGPTOPO_BUILD_VERSION === 'string' ? BGPTOPO_BUILD_VERSION : '0.0.0-dev';
