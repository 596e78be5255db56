//! The nesting bound. Every stage after validation (canonical form, full JSON, defaults,
//! resolution, compatibility, code generation) walks a schema recursively, expanding each named
//! type where it first occurs. The parser bounds how deep one file nests ([`crate::json::MAX_DEPTH`]),
//! but named types reach further: a chain of records each holding the previous one, all at the
//! top level of a union, nests as deep as the chain is long. This module bounds that depth.
//!
//! The bound is computed without recursion over the type graph: each named type has a weight
//! (how deep its own body nests down to the named types it refers to); within a strongly
//! connected group of types (mutual recursion) a walk that expands each type once visits each
//! at most once; so the depth below a group is at most the sum of its weights plus the deepest
//! group it refers to. Groups are found with Tarjan's algorithm, iteratively.

use crate::ir::{NamedKind, NamedType, RootSchema, Schema};

/// Deepest nesting of a schema accepted, counting the records, enums, fixed, arrays, maps and
/// unions on the way down (through named types where they are used; primitives do not count).
/// Beyond it, validation fails with an error naming the type, so no later stage can exhaust its
/// stack. As deep as the parser's limit on JSON nesting ([`crate::json::MAX_DEPTH`]) allows
/// within one file.
pub const MAX_SCHEMA_DEPTH: usize = 512;

/// How deep `schema` nests, where it sits at `depth`, down to the named types it uses; calls
/// `named(id, depth)` for each (the named type's own level is counted in its bound, so the
/// position counts one level less).
fn local_depth(schema: &Schema, depth: usize, named: &mut impl FnMut(usize, usize)) -> usize {
    match schema {
        Schema::Primitive { .. } => depth - 1,
        Schema::Array { items: inner, .. } | Schema::Map { values: inner, .. } => {
            local_depth(inner, depth + 1, named)
        }
        Schema::Union(branches) => branches
            .iter()
            .map(|b| local_depth(b, depth + 1, named))
            .max()
            .unwrap_or(depth)
            .max(depth),
        Schema::Named(id) => {
            named(id.0, depth);
            depth - 1
        }
    }
}

/// The weight of each named type and the types its body refers to, with the depth at which it
/// does (the type itself is at depth 1).
fn graph(types: &[NamedType]) -> (Vec<usize>, Vec<Vec<(usize, usize)>>) {
    let mut weights = Vec::with_capacity(types.len());
    let mut edges = Vec::with_capacity(types.len());
    for t in types {
        let mut out = Vec::new();
        let mut weight = 1;
        if let NamedKind::Record { fields, .. } = &t.kind {
            for f in fields {
                weight = weight.max(local_depth(&f.schema, 2, &mut |id, d| out.push((id, d))));
            }
        }
        weights.push(weight);
        edges.push(out);
    }
    (weights, edges)
}

/// Strongly connected components, each a list of nodes, in reverse topological order (a
/// component comes after every component it reaches). Tarjan's algorithm without recursion.
fn components(edges: &[Vec<(usize, usize)>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        // (node, next edge to look at)
        let mut calls = vec![(start, 0)];
        index[start] = next;
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut e)) = calls.last_mut() {
            if let Some(&(w, _)) = edges[v].get(*e) {
                *e += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                loop {
                    let w = stack.pop().expect("v is on the stack");
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// The first schema that may nest deeper than [`MAX_SCHEMA_DEPTH`]: a named type (by id), else
/// a file's top-level schema (by index); with the bound found.
pub(crate) fn deepest(types: &[NamedType], roots: &[RootSchema]) -> Option<(Deep, usize)> {
    let (weights, edges) = graph(types);
    let mut group = vec![0; types.len()];
    let mut bound = vec![0usize; types.len()];
    for (g, component) in components(&edges).iter().enumerate() {
        for &v in component {
            group[v] = g;
        }
        let own: usize = component
            .iter()
            .map(|&v| weights[v])
            .fold(0, usize::saturating_add);
        let below = component
            .iter()
            .flat_map(|&v| &edges[v])
            // Components this one reaches were numbered before it.
            .filter(|&&(w, _)| group[w] != g)
            .map(|&(w, _)| bound[w])
            .max()
            .unwrap_or(0);
        let total = own.saturating_add(below);
        for &v in component {
            bound[v] = total;
        }
    }
    if let Some(id) = (0..types.len()).find(|&id| bound[id] > MAX_SCHEMA_DEPTH) {
        return Some((Deep::Named(id), bound[id]));
    }
    roots.iter().enumerate().find_map(|(i, root)| {
        let mut deepest = 0;
        let local = local_depth(&root.schema, 1, &mut |id, d| {
            deepest = deepest.max((d - 1).saturating_add(bound[id]));
        });
        let depth = local.max(deepest);
        (depth > MAX_SCHEMA_DEPTH).then_some((Deep::Root(i), depth))
    })
}

/// What nests too deeply.
pub(crate) enum Deep {
    /// A named type, by id.
    Named(usize),
    /// A file's top-level schema, by index.
    Root(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_found_in_reverse_topological_order() {
        // 0 -> 1 -> 2 -> 1, 3 -> 0
        let edges = vec![vec![(1, 2)], vec![(2, 2)], vec![(1, 2)], vec![(0, 2)]];
        let c = components(&edges);
        let mut sorted: Vec<Vec<usize>> = c
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.sort();
                c
            })
            .collect();
        assert_eq!(sorted.remove(0), [1, 2]);
        assert_eq!(sorted, [vec![0], vec![3]]);
    }

    #[test]
    fn long_chains_without_recursion() {
        // A chain of 200,000: no stack overflow.
        let n = 200_000;
        let edges: Vec<Vec<(usize, usize)>> = (0..n)
            .map(|i| if i == 0 { vec![] } else { vec![(i - 1, 2)] })
            .collect();
        assert_eq!(components(&edges).len(), n);
    }
}
