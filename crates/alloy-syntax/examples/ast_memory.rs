//! What a parse keeps in memory: `cargo run --release -p alloy-syntax --example ast_memory --
//! FILE`. Prints the bytes and allocations live after `parse_bytes` (the AST, comments and
//! diagnostics; the text, which the tree shares, was live before and is not counted), the peak
//! during the parse, and the node counts they come from.
use alloy_syntax::ast::{Expr, ExprKind, Stmt};
use alloy_syntax::visit::{walk_expr, walk_stmt, Visitor};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE_ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
/// What the live allocations take in glibc's heap: 8 bytes of header, in chunks of 16 bytes,
/// 32 at least.
static LIVE_CHUNKS: AtomicUsize = AtomicUsize::new(0);

fn chunk(size: usize) -> usize {
    (size + 8).div_ceil(16).max(2) * 16
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        ALLOCATIONS.fetch_add(1, Relaxed);
        LIVE_ALLOCATIONS.fetch_add(1, Relaxed);
        LIVE_CHUNKS.fetch_add(chunk(layout.size()), Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        LIVE_ALLOCATIONS.fetch_sub(1, Relaxed);
        LIVE_CHUNKS.fetch_sub(chunk(layout.size()), Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as a new allocation while both exist, as the allocator may copy.
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
        PEAK.fetch_max(live, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        ALLOCATIONS.fetch_add(1, Relaxed);
        LIVE_CHUNKS.fetch_add(chunk(new_size), Relaxed);
        LIVE_CHUNKS.fetch_sub(chunk(layout.size()), Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[derive(Default)]
struct Counts {
    attributes: usize,
    blocks: usize,
    exprs: usize,
    literals: usize,
    kinds: std::collections::BTreeMap<String, usize>,
}

impl Visitor<'_> for Counts {
    fn visit_stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Attribute(_) => self.attributes += 1,
            Stmt::Block(_) => self.blocks += 1,
        }
        walk_stmt(self, stmt);
    }
    fn visit_expr(&mut self, expr: &Expr) {
        self.exprs += 1;
        let kind = format!("{:?}", expr.kind);
        let kind: String = kind.chars().take_while(|c| c.is_alphanumeric()).collect();
        *self.kinds.entry(kind).or_default() += 1;
        if matches!(
            expr.kind,
            ExprKind::String(_) | ExprKind::RawString(_) | ExprKind::Number(_)
        ) {
            self.literals += 1;
        }
        walk_expr(self, expr);
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: ast_memory FILE");
    let bytes = std::fs::read(&path).expect("cannot read file");
    let len = bytes.len();
    // The text is live before the parse and becomes the tree's: the figures are the tree's.
    let (live_before, allocations_before) = (LIVE.load(Relaxed), ALLOCATIONS.load(Relaxed));
    let live_allocations_before = LIVE_ALLOCATIONS.load(Relaxed);
    let chunks_before = LIVE_CHUNKS.load(Relaxed);
    PEAK.store(live_before, Relaxed);
    let parse = alloy_syntax::parse_byte_vec(bytes);
    let live = LIVE.load(Relaxed) - live_before;
    let peak = PEAK.load(Relaxed) - live_before;
    let allocations = ALLOCATIONS.load(Relaxed) - allocations_before;
    let live_allocations = LIVE_ALLOCATIONS.load(Relaxed) - live_allocations_before;
    let chunks = LIVE_CHUNKS.load(Relaxed) - chunks_before;
    let mut counts = Counts::default();
    alloy_syntax::visit::walk_file(&mut counts, &parse.file);
    println!(
        "{path}: {} bytes in; live after parse {live} bytes ({:.2}x) in {live_allocations} allocations, peak during parse {peak} bytes ({:.2}x), {allocations} allocations made",
        len,
        live as f64 / len as f64,
        peak as f64 / len as f64,
    );
    println!(
        "{} attributes, {} blocks, {} expressions ({} literals), {} comments, {} diagnostics",
        counts.attributes,
        counts.blocks,
        counts.exprs,
        counts.literals,
        parse.file.comments.len(),
        parse.diagnostics.len()
    );
    println!("{chunks} bytes of heap chunks (glibc) for the live allocations");
    println!("{:?}", counts.kinds);
    println!(
        "sizes: Stmt {} B, Expr {} B, Ident {} B, Comment {} B",
        size_of::<Stmt>(),
        size_of::<Expr>(),
        size_of::<alloy_syntax::ast::Ident>(),
        size_of::<alloy_syntax::ast::Comment>()
    );
}
