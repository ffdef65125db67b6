use std::path::PathBuf;

fn main() {
    // The grammar lives at the workspace top level so it is easy to find and review.
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let grammar_dir = manifest.join("../../grammar");
    println!(
        "cargo:rerun-if-changed={}",
        grammar_dir.join("alloy.lalrpop").display()
    );
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    lalrpop::Configuration::new()
        .set_in_dir(&grammar_dir)
        .set_out_dir(&out_dir)
        .emit_rerun_directives(false)
        // Always from the grammar: an output left by an earlier run is patched already.
        .force_build(true)
        .process()
        .expect("grammar/alloy.lalrpop failed to compile");
    let parser = out_dir.join("alloy.rs");
    let code = std::fs::read_to_string(&parser).expect("cannot read the generated parser");
    std::fs::write(&parser, pop_without_drop(&code)).expect("cannot write the generated parser");
}

/// The generated parser with its symbol pops rewritten so that no popped symbol is dropped.
///
/// Each reduction pops its symbols with a `__pop_VariantN` function:
/// `match __symbols.pop() { Some((__l, __Symbol::VariantN(__v), __r)) => (__l, __v, __r), _ =>
/// __symbol_type_mismatch() }`. When the payload is `Copy` (every token, `Mark`, spans,
/// operators), binding it copies it, and the symbol left behind goes to an out-of-line
/// `drop_in_place::<__Symbol>` that switches on its tag to do nothing: 13% of a parse's
/// instructions. Rewritten, the symbol is put in a `ManuallyDrop` and its payload read out of
/// it; nothing else of it is owned (a variant holds its payload only), so nothing leaks, and
/// the symbol is never used again. A variant mismatch still ends in `__symbol_type_mismatch`.
///
/// Panics if LALRPOP's output is not as expected (another LALRPOP version): every pop
/// function must have been rewritten.
fn pop_without_drop(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 8);
    let mut rewritten = 0;
    for line in code.lines() {
        let variant = line
            .trim_start()
            .strip_prefix("Some((__l, __Symbol::")
            .and_then(|rest| rest.strip_suffix("(__v), __r)) => (__l, __v, __r),"));
        match variant {
            Some(variant) => {
                rewritten += 1;
                out.push_str(&format!(
                    "Some((__l, __symbol, __r)) => {{ \
                     let __symbol = core::mem::ManuallyDrop::new(__symbol); \
                     match &*__symbol {{ \
                     __Symbol::{variant}(__v) => (__l, unsafe {{ core::ptr::read(__v) }}, __r), \
                     _ => __symbol_type_mismatch() }} }}\n"
                ));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    let pop_functions = code.matches("fn __pop_Variant").count();
    assert!(
        rewritten > 0 && rewritten == pop_functions,
        "LALRPOP's symbol pops have changed: {rewritten} of {pop_functions} rewritten"
    );
    out
}
