import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** Paths that belong to the API, never to the portal (they keep their own handlers and key checks). */
const API_PREFIXES = ['/graphql', '/health', '/fhir'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

// The portal loads only its own scripts and styles and talks only to this origin (HTTP and the
// subscription socket); images may be data: URLs (Grad-CAM overlays, molecule depictions) or blobs.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export interface PortalStaticOptions {
  /** The built portal (dist/apps/portal): index.html and assets/. */
  root: string;
}

type Next = (error?: unknown) => void;

function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`));
}

/**
 * Express middleware serving the built portal: files under `root`, and index.html for any other
 * page path a browser asks for (client-side routing). API paths, other methods and non-HTML
 * requests for missing files fall through to Nest (404 JSON, or the API's own handler). The files
 * are public: everything they show comes from the key-protected API.
 */
export function portalStatic(options: PortalStaticOptions): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  const root = resolve(options.root);
  const index = join(root, 'index.html');
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://portal').pathname);
    } catch {
      return next(); // malformed escape: let Nest answer 400/404
    }
    if (isApiPath(path) || path.includes('\0')) return next();
    const file = resolve(root, `.${path}`);
    // A path that climbs out of the portal folder is never served.
    if (file !== root && !file.startsWith(root + sep)) return next();
    if (path !== '/' && isFile(file)) return send(req, res, file, path.startsWith('/assets/'));
    const wantsPage = path === '/' || (extname(path) === '' && (req.headers.accept ?? '').includes('text/html'));
    if (wantsPage && isFile(index)) return send(req, res, index, false);
    next();
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function send(req: IncomingMessage, res: ServerResponse, file: string, immutable: boolean): void {
  const stat = statSync(file);
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  res.setHeader('Content-Type', CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  // Vite names assets by content hash, so they never change; index.html must be revalidated.
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Length', stat.size);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => {
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
  stream.pipe(res);
}

/** True when `root` holds a built portal. */
export function portalBuilt(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}
