/** `import text from './file.sh?raw'`: the file's text (Vite/vitest natively, esbuild through scripts/esbuild-raw-text.mjs). */
declare module '*?raw' {
    const text: string;
    export default text;
}
