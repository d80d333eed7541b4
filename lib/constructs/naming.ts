/** `sla-timers` → `SlaTimers`, `getHealth` → `GetHealth`: construct ids from config names. */
export function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => (part[0]?.toUpperCase() ?? '') + part.slice(1))
    .join('');
}

/** `getHealth` → `get-health`: physical names from route names. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .toLowerCase();
}
