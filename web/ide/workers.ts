/**
 * Monaco runs its language services in web workers. GraphiQL's own setup files load them from a
 * CDN or through a bundler's worker syntax; ours are plain files built next to the page
 * (scripts/build-web.ts), so the IDE's Content-Security-Policy can say `worker-src 'self'`.
 */
const base = new URL('./', document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : location.href);

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    const file = label === 'json' ? 'json.worker.js' : label === 'graphql' ? 'graphql.worker.js' : 'editor.worker.js';
    return new Worker(new URL(file, base));
  },
};
