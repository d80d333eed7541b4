import { useEffect, useState } from 'preact/hooks';

/** A small history router: the console's URLs are plain paths, served by the SPA fallback. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

export function useLocation(): URL {
  const [href, setHref] = useState(location.href);
  useEffect(() => {
    const update = () => setHref(location.href);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return new URL(href);
}

/** The parameters of a path pattern such as `/tickets/:id`, or null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const found = new RegExp(`^${source}/?$`).exec(path);
  if (!found) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
}

/** A click on an in-app link navigates without reloading (modified clicks open as usual). */
export function onLinkClick(event: MouseEvent): void {
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || anchor.target) return;
  // A download (the dashboard's CSV is a blob: link, whose origin is the page's) is the browser's.
  if (anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, location.href);
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.origin !== location.origin ||
    url.pathname.startsWith('/v1/') ||
    url.pathname.startsWith('/_local/')
  )
    return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}
