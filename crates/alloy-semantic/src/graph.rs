//! The dependency graph's algorithms: strongly connected components and cycles.

use alloy_diagnostics::Span;
use std::collections::HashMap;

/// A reference from a node to another node of the same module (for cycle detection).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub span: Span,
}

/// Strongly connected components (iterative Tarjan), each as a list of node indexes.
pub fn strongly_connected(n: usize, edges: &[Edge], adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position in its adjacency list)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos < adjacency[v].len() {
                let w = edges[adjacency[v][*pos]].to;
                *pos += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
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
    }
    out
}

/// The edges of one cycle through `start` inside `component` (breadth-first, so shortest).
pub fn cycle_path(
    start: usize,
    component: &[usize],
    edges: &[Edge],
    adjacency: &[Vec<usize>],
) -> Option<Vec<usize>> {
    let mut via: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::new();
    for &e in &adjacency[start] {
        let to = edges[e].to;
        if to == start {
            return Some(vec![e]);
        }
        if component.contains(&to) && !via.contains_key(&to) {
            via.insert(to, e);
            queue.push_back(to);
        }
    }
    while let Some(v) = queue.pop_front() {
        for &e in &adjacency[v] {
            let to = edges[e].to;
            if to == start {
                let mut path = vec![e];
                let mut cur = v;
                while cur != start {
                    let back = via[&cur];
                    path.push(back);
                    cur = edges[back].from;
                }
                path.reverse();
                return Some(path);
            }
            if component.contains(&to) && !via.contains_key(&to) {
                via.insert(to, e);
                queue.push_back(to);
            }
        }
    }
    None
}

/// Every cycle among `n` nodes: for each strongly connected component that loops, the edges
/// (indexes into `edges`) of the shortest cycle through its lowest node, starting there.
pub fn cycles(n: usize, edges: &[Edge]) -> Vec<Vec<usize>> {
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        adjacency[e.from].push(i);
    }
    let mut out = Vec::new();
    for component in strongly_connected(n, edges, &adjacency) {
        let start = *component.iter().min().unwrap_or(&0);
        let self_loop = adjacency[start].iter().any(|&e| edges[e].to == start);
        if component.len() == 1 && !self_loop {
            continue;
        }
        if let Some(path) = cycle_path(start, &component, edges, &adjacency) {
            out.push(path);
        }
    }
    out
}
