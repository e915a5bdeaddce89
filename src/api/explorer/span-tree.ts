// QUERY/SERVE (explorer): a trace's flat span list -> a tree. Input: spans sorted by
// start then end time; output: top-level nodes (roots, and orphans whose parent has not
// arrived yet) with children in that same order. Parent cycles (malformed ids) are cut,
// never followed, so the tree is always finite.

export interface TreeInput {
  span_id: string;
  parent_span_id: string | null;
}

export type TreeNode<T> = T & { children: TreeNode<T>[] };

export function buildSpanTree<S extends TreeInput, T>(spans: S[], toNode: (span: S) => T): TreeNode<T>[] {
  const ids = new Set(spans.map((s) => s.span_id));
  const childrenOf = new Map<string, S[]>();
  const roots: S[] = [];
  for (const span of spans) {
    const parent = span.parent_span_id;
    if (!parent || parent === span.span_id || !ids.has(parent)) roots.push(span);
    else {
      const siblings = childrenOf.get(parent);
      if (siblings) siblings.push(span);
      else childrenOf.set(parent, [span]);
    }
  }
  const visited = new Set<S>();
  const build = (span: S): TreeNode<T> => {
    visited.add(span);
    const children = (childrenOf.get(span.span_id) ?? []).filter((child) => !visited.has(child));
    return { ...toNode(span), children: children.map(build) };
  };
  const top = roots.map(build);
  // Whatever is left sits on a parent cycle: surface it at the top level, cycle cut.
  for (const span of spans) if (!visited.has(span)) top.push(build(span));
  return top;
}
