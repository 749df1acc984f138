// esbuild bundles imported style sheets into the page's .css file.
declare module '*.css';
