//! Prints a component's schema: `cargo run -p alloy-schema --example schema -- NAME [json|markdown]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next();
    let format = args.next().unwrap_or_else(|| "markdown".to_string());
    let rendered = match format.as_str() {
        "json" => alloy_schema::to_json(name.as_deref()),
        _ => alloy_schema::to_markdown(name.as_deref()),
    };
    match rendered {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
