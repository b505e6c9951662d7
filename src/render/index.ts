/** The rendering layer: model + templates → files (pure; the CLI and the extension do the I/O). */
export * from './render-types.js';
export { renderTopology } from './render-topology.js';
export { outputPath } from './output-paths.js';
export {
    chainTemplateLoaders,
    createTemplateRenderer,
    memoryTemplateLoader,
    TemplateError,
    type TemplateLoader,
    type TemplateRenderer,
    type TemplateSource
} from './template-loader.js';
