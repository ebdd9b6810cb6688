import type { ServiceSpec } from "./compose-service.js";

/**
 * Orders services so each starts after those it depends on, keeping the
 * file's order otherwise (as Compose does); a cycle is an error naming it.
 */
export function startOrder(services: ServiceSpec[]): ServiceSpec[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const done = new Set<string>();
  const order: ServiceSpec[] = [];
  const visit = (s: ServiceSpec, path: string[]) => {
    if (done.has(s.name)) return;
    if (path.includes(s.name)) {
      throw new Error(
        `depends_on has a cycle: ${[...path.slice(path.indexOf(s.name)), s.name].join(" → ")}`,
      );
    }
    for (const d of s.dependsOn) visit(byName.get(d.service) as ServiceSpec, [...path, s.name]);
    done.add(s.name);
    order.push(s);
  };
  for (const s of services) visit(s, []);
  return order;
}
