//! Differential fuzzing against Grafana's reference binaries: generators, our answers and the
//! reference's, and the comparison (see `docs/fuzzing.md`).

pub mod generate;
pub mod oracle;
pub mod reference;

/// The two input modes every differential target has. A first byte of 0x80 or more (never
/// the start of an ASCII config, so seeds copied from the conformance inputs stay raw) asks for
/// a generated input from the remaining bytes; anything else is used as it is.
pub enum Input<'a> {
    Generated(&'a [u8]),
    Raw(&'a [u8]),
}

pub fn input_mode(data: &[u8]) -> Input<'_> {
    match data.split_first() {
        Some((&mode, rest)) if mode >= 0x80 => Input::Generated(rest),
        _ => Input::Raw(data),
    }
}

/// The config a parse or fmt target checks: raw bytes, or a generated config.
pub fn config_input(data: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match input_mode(data) {
        Input::Raw(bytes) => bytes.into(),
        Input::Generated(bytes) => generate::config(bytes).into_bytes().into(),
    }
}

/// The text an eval or regex target checks: raw bytes that are UTF-8 (the reference reads a
/// string), or the `generator`'s output; `None` for raw bytes that are not UTF-8.
pub fn text_input(data: &[u8], generator: fn(&[u8]) -> String) -> Option<String> {
    match input_mode(data) {
        Input::Raw(bytes) => std::str::from_utf8(bytes).ok().map(str::to_string),
        Input::Generated(bytes) => Some(generator(bytes)),
    }
}

/// `expr` evaluated by us and by `alloy-ref-eval`: the verdict and the reference's first answer
/// line. Before a divergence is reported the reference is asked again, since some of its
/// answers change from run to run (Go's map order). `None` without the reference binaries.
pub fn judge_eval(expr: &str) -> Option<(oracle::Verdict, String)> {
    let ask = || -> Option<(oracle::EvalAnswer, String)> {
        let (_, stdout) = reference::run_on_stdin("alloy-ref-eval", expr.as_bytes())?;
        let line = String::from_utf8_lossy(&stdout).trim_end().to_string();
        let answer = oracle::reference_eval(&line)
            .unwrap_or_else(|| panic!("unexpected alloy-ref-eval output {line:?}"));
        Some((answer, line))
    };
    let (first, line) = ask()?;
    let ours = oracle::our_eval(expr);
    let verdict = oracle::eval_verdict(&ours, &first);
    if !matches!(verdict, oracle::Verdict::Diverge(_)) {
        return Some((verdict, line));
    }
    let mut answers = vec![first];
    answers.extend((0..4).filter_map(|_| ask().map(|(answer, _)| answer)));
    Some((oracle::eval_verdict_runs(&ours, &answers), line))
}

/// Ends the run with a report when the verdict is a divergence; libFuzzer saves the input.
pub fn report(target: &str, input: &[u8], verdict: oracle::Verdict) {
    if let oracle::Verdict::Diverge(what) = verdict {
        panic!(
            "{target} divergence: {what}\ninput: {:?}",
            String::from_utf8_lossy(input)
        );
    }
}

/// Records a divergence without ending the run: the input goes to
/// `artifacts/TARGET/KIND-HASH` (under the directory the fuzzer runs in). For divergences of a
/// class already recorded as a fixture, which would otherwise stop the run on every input.
pub fn save_divergence(target: &str, kind: &str, input: &[u8]) {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    input.hash(&mut hasher);
    let dir = std::path::Path::new("artifacts").join(target);
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("{kind}-{:016x}", hasher.finish())), input);
}
