//! `string.format` is Go's `fmt.Sprintf`; this is a re-implementation of the verbs, flags,
//! widths, precisions, argument indexes and error forms (`%!d(MISSING)`, `%!(EXTRA ...)`,
//! `%!d(string=a)`) that Go produces for the values Alloy passes it.

use crate::stdlib::GoAny;
use alloy_syntax::go_quote;

/// Largest width or precision Go's fmt accepts.
const MAX_WIDTH: usize = 1_000_000;

#[derive(Default, Clone, Copy)]
struct Spec {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// Go's `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[GoAny]) -> String {
    let chars: Vec<char> = format.chars().collect();
    let n = chars.len();
    let mut out = String::new();
    let mut arg_num = 0usize;
    let mut reordered = false;
    let mut i = 0;
    while i < n {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut spec = Spec::default();
        let mut good_arg_num = true;
        while i < n {
            match chars[i] {
                '#' => spec.sharp = true,
                '0' => spec.zero = !spec.minus,
                '+' => spec.plus = true,
                '-' => {
                    spec.minus = true;
                    spec.zero = false;
                }
                ' ' => spec.space = true,
                _ => break,
            }
            i += 1;
        }
        let mut after_index = false;
        parse_arg_index(
            &chars,
            &mut i,
            &mut arg_num,
            &mut reordered,
            &mut good_arg_num,
            &mut after_index,
            args.len(),
        );
        if i < n && chars[i] == '*' {
            i += 1;
            match args.get(arg_num) {
                Some(GoAny::Int(w)) if w.unsigned_abs() as usize <= MAX_WIDTH => {
                    if *w < 0 {
                        spec.minus = true;
                        spec.zero = false;
                    }
                    spec.width = Some(w.unsigned_abs() as usize);
                }
                _ => out.push_str("%!(BADWIDTH)"),
            }
            arg_num += 1;
            after_index = false;
        } else {
            let start = i;
            let w = parse_number(&chars, &mut i);
            if i > start && w > MAX_WIDTH {
                // Go refuses widths above a million instead of allocating them.
                out.push_str("%!(BADWIDTH)");
            } else if i > start {
                spec.width = Some(w);
                if after_index {
                    good_arg_num = false;
                }
            }
        }
        if i < n && chars[i] == '.' {
            i += 1;
            if after_index {
                good_arg_num = false;
            }
            parse_arg_index(
                &chars,
                &mut i,
                &mut arg_num,
                &mut reordered,
                &mut good_arg_num,
                &mut after_index,
                args.len(),
            );
            if i < n && chars[i] == '*' {
                i += 1;
                match args.get(arg_num) {
                    Some(GoAny::Int(p)) if *p >= 0 && (*p as usize) <= MAX_WIDTH => {
                        spec.prec = Some(*p as usize)
                    }
                    Some(GoAny::Int(_)) => spec.prec = None,
                    _ => out.push_str("%!(BADPREC)"),
                }
                arg_num += 1;
                after_index = false;
            } else {
                let p = parse_number(&chars, &mut i);
                if p > MAX_WIDTH {
                    out.push_str("%!(BADPREC)");
                } else {
                    spec.prec = Some(p);
                }
            }
        }
        if !after_index {
            parse_arg_index(
                &chars,
                &mut i,
                &mut arg_num,
                &mut reordered,
                &mut good_arg_num,
                &mut after_index,
                args.len(),
            );
        }
        if i >= n {
            out.push_str("%!(NOVERB)");
            break;
        }
        let verb = chars[i];
        i += 1;
        if verb == '%' {
            out.push('%');
        } else if !good_arg_num {
            out.push_str(&format!("%!{verb}(BADINDEX)"));
        } else if arg_num >= args.len() {
            out.push_str(&format!("%!{verb}(MISSING)"));
        } else {
            print_arg(&mut out, &args[arg_num], verb, &spec);
            arg_num += 1;
        }
    }
    if !reordered && arg_num < args.len() {
        out.push_str("%!(EXTRA ");
        for (k, arg) in args[arg_num..].iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            if matches!(arg, GoAny::Nil) {
                out.push_str("<nil>");
            } else {
                out.push_str(&arg.go_type());
                out.push('=');
                print_arg(&mut out, arg, 'v', &Spec::default());
            }
        }
        out.push(')');
    }
    out
}

fn parse_number(chars: &[char], i: &mut usize) -> usize {
    let mut v = 0usize;
    while *i < chars.len() && chars[*i].is_ascii_digit() {
        v = v
            .saturating_mul(10)
            .saturating_add(chars[*i] as usize - '0' as usize);
        *i += 1;
    }
    v
}

fn parse_arg_index(
    chars: &[char],
    i: &mut usize,
    arg_num: &mut usize,
    reordered: &mut bool,
    good: &mut bool,
    after_index: &mut bool,
    num_args: usize,
) {
    if *i >= chars.len() || chars[*i] != '[' {
        return;
    }
    *reordered = true;
    let mut j = *i + 1;
    let start = j;
    while j < chars.len() && chars[j] != ']' {
        j += 1;
    }
    if j >= chars.len() {
        *good = false;
        *i += 1;
        return;
    }
    let text: String = chars[start..j].iter().collect();
    match text.parse::<usize>() {
        Ok(k) if k >= 1 && k - 1 < num_args => {
            *arg_num = k - 1;
            *after_index = true;
        }
        _ => *good = false,
    }
    *i = j + 1;
}

fn pad(out: &mut String, s: &str, spec: &Spec) {
    let len = s.chars().count();
    let width = spec.width.unwrap_or(0);
    if width <= len {
        out.push_str(s);
        return;
    }
    let fill = width - len;
    if spec.minus {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', fill));
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(s);
    }
}

/// Pads a number: zero padding goes between the sign and the digits.
fn pad_number(out: &mut String, s: &str, spec: &Spec) {
    let width = spec.width.unwrap_or(0);
    let len = s.chars().count();
    if spec.zero && !spec.minus && width > len {
        let (sign, digits) = match s.chars().next() {
            Some(c @ ('+' | '-' | ' ')) => (Some(c), &s[1..]),
            _ => (None, s),
        };
        if let Some(c) = sign {
            out.push(c);
        }
        out.extend(std::iter::repeat_n('0', width - len));
        out.push_str(digits);
    } else {
        pad(out, s, spec);
    }
}

fn bad_verb(out: &mut String, arg: &GoAny, verb: char) {
    out.push_str("%!");
    out.push(verb);
    out.push('(');
    if matches!(arg, GoAny::Nil) {
        out.push_str("<nil>");
    } else {
        out.push_str(&arg.go_type());
        out.push('=');
        print_arg(out, arg, 'v', &Spec::default());
    }
    out.push(')');
}

fn print_arg(out: &mut String, arg: &GoAny, verb: char, spec: &Spec) {
    if verb == 'T' {
        pad(out, &arg.go_type(), spec);
        return;
    }
    match arg {
        GoAny::Nil => match verb {
            'v' => pad(out, "<nil>", spec),
            _ => bad_verb(out, arg, verb),
        },
        GoAny::Bool(b) => match verb {
            't' | 'v' => pad(out, if *b { "true" } else { "false" }, spec),
            _ => bad_verb(out, arg, verb),
        },
        GoAny::Int(i) => fmt_integer(out, arg, i.unsigned_abs(), *i < 0, verb, spec),
        GoAny::Uint64(u) => fmt_integer(out, arg, *u, false, verb, spec),
        GoAny::Float64(f) => fmt_float(out, arg, *f, verb, spec),
        GoAny::String(s) | GoAny::Secret(s) => fmt_string(out, arg, s, verb, spec),
        GoAny::Slice(items) => match verb {
            'v' | 's' | 'd' | 'q' | 'x' | 'X' | 'b' | 'o' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G'
            | 't' | 'c' | 'U' => {
                out.push('[');
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push(' ');
                    }
                    print_arg(out, item, verb, spec);
                }
                out.push(']');
            }
            _ => bad_verb(out, arg, verb),
        },
        GoAny::Map(fields) => {
            out.push_str("map[");
            for (k, (key, value)) in fields.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                fmt_string(out, &GoAny::String(key.clone()), key, verb, spec);
                out.push(':');
                print_arg(out, value, verb, spec);
            }
            out.push(']');
        }
        GoAny::Func(_) => match verb {
            // Go prints the function's address, which has no meaning outside the process.
            'v' | 'p' => pad(out, "0x0", spec),
            _ => bad_verb(out, arg, verb),
        },
        GoAny::OptionalSecret { value, is_secret } => match verb {
            'v' => pad(out, &format!("{{{is_secret} {value}}}"), spec),
            _ => bad_verb(out, arg, verb),
        },
        GoAny::Opaque { text, .. } => match verb {
            'v' | 's' => pad(out, text, spec),
            _ => bad_verb(out, arg, verb),
        },
    }
}

fn fmt_string(out: &mut String, arg: &GoAny, s: &str, verb: char, spec: &Spec) {
    match verb {
        'v' | 's' => {
            let text: String = match spec.prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.to_string(),
            };
            pad(out, &text, spec);
        }
        'q' => pad(out, &go_quote(s), spec),
        'x' | 'X' => {
            let mut hex = String::new();
            for b in s.bytes() {
                if verb == 'x' {
                    hex.push_str(&format!("{b:02x}"));
                } else {
                    hex.push_str(&format!("{b:02X}"));
                }
            }
            pad(out, &hex, spec);
        }
        _ => bad_verb(out, arg, verb),
    }
}

fn fmt_integer(
    out: &mut String,
    arg: &GoAny,
    magnitude: u64,
    negative: bool,
    verb: char,
    spec: &Spec,
) {
    let (base, upper) = match verb {
        'v' | 'd' => (10, false),
        'b' => (2, false),
        'o' | 'O' => (8, false),
        'x' => (16, false),
        'X' => (16, true),
        'c' => {
            let c = char::from_u32(magnitude as u32)
                .filter(|_| !negative)
                .unwrap_or('\u{FFFD}');
            pad(out, &c.to_string(), spec);
            return;
        }
        'q' => {
            let c = char::from_u32(magnitude as u32)
                .filter(|_| !negative)
                .unwrap_or('\u{FFFD}');
            pad(out, &alloy_syntax::go_quote_rune(c), spec);
            return;
        }
        'U' => {
            let mut s = format!("U+{magnitude:04X}");
            if spec.sharp {
                if let Some(c) = char::from_u32(magnitude as u32) {
                    s.push_str(&format!(" '{c}'"));
                }
            }
            pad(out, &s, spec);
            return;
        }
        _ => {
            bad_verb(out, arg, verb);
            return;
        }
    };
    let mut digits = match base {
        2 => format!("{magnitude:b}"),
        8 => format!("{magnitude:o}"),
        16 if upper => format!("{magnitude:X}"),
        16 => format!("{magnitude:x}"),
        _ => magnitude.to_string(),
    };
    let mut zero_pad = spec.zero && spec.width.is_some() && !spec.minus;
    if let Some(p) = spec.prec {
        zero_pad = false;
        if p == 0 && magnitude == 0 {
            digits.clear();
        }
        while digits.len() < p {
            digits.insert(0, '0');
        }
    }
    let mut prefix = String::new();
    if negative {
        prefix.push('-');
    } else if spec.plus {
        prefix.push('+');
    } else if spec.space {
        prefix.push(' ');
    }
    if spec.sharp {
        match base {
            8 if !digits.starts_with('0') => digits.insert(0, '0'),
            16 => prefix.push_str(if upper { "0X" } else { "0x" }),
            2 => prefix.push_str("0b"),
            _ => {}
        }
    }
    if verb == 'O' {
        prefix.push_str("0o");
    }
    if zero_pad {
        let width = spec.width.unwrap_or(0);
        while prefix.len() + digits.len() < width {
            digits.insert(0, '0');
        }
    }
    pad(out, &format!("{prefix}{digits}"), spec);
}

/// Shortest round-trip decimal digits of a finite, non-negative float and the exponent of
/// its first digit (`1234.5` gives `("12345", 3)`).
fn shortest_digits(f: f64) -> (String, i32) {
    let s = format!("{f:e}");
    split_exponent(&s)
}

/// Digits rounded to `sig` significant figures, trailing zeros removed.
fn rounded_digits(f: f64, sig: usize) -> (String, i32) {
    let s = format!("{:.*e}", sig.saturating_sub(1), f);
    let (mut digits, exp) = split_exponent(&s);
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    (digits, exp)
}

fn split_exponent(s: &str) -> (String, i32) {
    let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits, exp.parse().unwrap_or(0))
}

fn exp_form(digits: &str, exp: i32, decimals: usize, upper: bool) -> String {
    let mut s = String::new();
    s.push_str(&digits[..1]);
    if decimals > 0 {
        s.push('.');
        let rest = &digits[1..];
        s.push_str(rest);
        for _ in rest.len()..decimals {
            s.push('0');
        }
    }
    s.push(if upper { 'E' } else { 'e' });
    s.push(if exp < 0 { '-' } else { '+' });
    s.push_str(&format!("{:02}", exp.unsigned_abs()));
    s
}

/// Places the decimal point in `digits` (first digit at 10^exp), with `decimals` fraction
/// digits (the digits must not be longer than that).
fn fixed_form(digits: &str, exp: i32, decimals: usize) -> String {
    let mut int_part = String::new();
    let mut frac = String::new();
    for (k, c) in digits.chars().enumerate() {
        let pos = exp - k as i32;
        if pos >= 0 {
            int_part.push(c);
        } else {
            let idx = (-pos - 1) as usize;
            while frac.len() < idx {
                frac.push('0');
            }
            frac.push(c);
        }
    }
    if exp >= 0 {
        while (int_part.len() as i32) < exp + 1 {
            int_part.push('0');
        }
    }
    if int_part.is_empty() {
        int_part.push('0');
    }
    while frac.len() < decimals {
        frac.push('0');
    }
    if decimals == 0 {
        int_part
    } else {
        format!("{int_part}.{frac}")
    }
}

/// `strconv.FormatFloat(f, fmt, prec, 64)` for `e`, `f` and `g` (prec -1 is `None`).
pub fn format_float(f: f64, fmt: char, prec: Option<usize>) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let a = f.abs();
    let upper = fmt.is_ascii_uppercase();
    let body = match fmt.to_ascii_lowercase() {
        'e' => match prec {
            Some(p) => {
                let (d, e) = split_exponent(&format!("{:.*e}", p, a));
                exp_form(&d, e, p, upper)
            }
            None => {
                let (d, e) = shortest_digits(a);
                exp_form(&d, e, d.len() - 1, upper)
            }
        },
        'f' => match prec {
            Some(p) => format!("{:.*}", p, a),
            None => {
                let (d, e) = shortest_digits(a);
                let decimals = (d.len() as i32 - 1 - e).max(0) as usize;
                fixed_form(&d, e, decimals)
            }
        },
        _ => {
            let (digits, exp, eprec, shortest) = match prec {
                None => {
                    let (d, e) = shortest_digits(a);
                    (d, e, 6, true)
                }
                Some(p) => {
                    let p = p.max(1);
                    let (d, e) = if a == 0.0 {
                        ("0".to_string(), 0)
                    } else {
                        rounded_digits(a, p)
                    };
                    let nd = d.len() as i32;
                    let mut eprec = p as i32;
                    if eprec > nd && nd > e {
                        eprec = nd;
                    }
                    (d, e, eprec, false)
                }
            };
            let _ = shortest;
            let nd = digits.len();
            if exp < -4 || exp >= eprec {
                exp_form(&digits, exp, nd - 1, upper)
            } else {
                let decimals = (nd as i32 - 1 - exp).max(0) as usize;
                fixed_form(&digits, exp, decimals)
            }
        }
    };
    format!("{sign}{body}")
}

fn fmt_float(out: &mut String, arg: &GoAny, f: f64, verb: char, spec: &Spec) {
    let (fmt, prec) = match verb {
        'v' => ('g', spec.prec),
        'g' | 'G' => (verb, spec.prec),
        'e' | 'E' | 'f' => (verb, Some(spec.prec.unwrap_or(6))),
        'F' => ('f', Some(spec.prec.unwrap_or(6))),
        _ => {
            bad_verb(out, arg, verb);
            return;
        }
    };
    let mut num = format_float(f, fmt, prec);
    if f.is_nan() {
        if spec.plus {
            num = "+NaN".into();
        } else if spec.space {
            num = " NaN".into();
        }
        let no_zero = Spec {
            zero: false,
            ..*spec
        };
        pad(out, &num, &no_zero);
        return;
    }
    if f.is_infinite() {
        if f > 0.0 && !spec.plus {
            num = if spec.space {
                " Inf".into()
            } else {
                "+Inf".into()
            };
        }
        let no_zero = Spec {
            zero: false,
            ..*spec
        };
        pad(out, &num, &no_zero);
        return;
    }
    if !num.starts_with('-') {
        if spec.plus {
            num.insert(0, '+');
        } else if spec.space {
            num.insert(0, ' ');
        }
    }
    pad_number(out, &num, spec);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_format_like_strconv() {
        assert_eq!(format_float(1234567.0, 'g', None), "1.234567e+06");
        assert_eq!(format_float(100000.0, 'g', None), "100000");
        assert_eq!(format_float(0.0001, 'g', None), "0.0001");
        assert_eq!(format_float(0.00001, 'g', None), "1e-05");
        assert_eq!(format_float(1.23456, 'g', Some(3)), "1.23");
        assert_eq!(format_float(1e21, 'g', None), "1e+21");
        assert_eq!(format_float(123456.789, 'e', Some(6)), "1.234568e+05");
        assert_eq!(format_float(-2.5, 'f', Some(0)), "-2");
        assert_eq!(format_float(f64::NEG_INFINITY, 'g', None), "-Inf");
    }

    #[test]
    fn verbs_flags_and_errors() {
        let s = |f: &str, args: &[GoAny]| sprintf(f, args);
        assert_eq!(
            s(
                "%+d|% d|%x|%#x|%#o|%08.3f",
                &[
                    GoAny::Int(3),
                    GoAny::Int(3),
                    GoAny::Int(-255),
                    GoAny::Int(255),
                    GoAny::Int(8),
                    GoAny::Float64(-1.23456)
                ]
            ),
            "+3| 3|-ff|0xff|010|-001.235"
        );
        assert_eq!(s("%", &[]), "%!(NOVERB)");
        assert_eq!(s("%[3]d", &[GoAny::Int(1)]), "%!d(BADINDEX)");
        assert_eq!(s("%*d", &[GoAny::Int(4), GoAny::Int(7)]), "   7");
        assert_eq!(s("%t", &[GoAny::String("x".into())]), "%!t(string=x)");
        assert_eq!(s("%d %d", &[GoAny::Int(1), GoAny::Nil]), "1 %!d(<nil>)");
        assert_eq!(s("%v", &[GoAny::Uint64(u64::MAX)]), "18446744073709551615");
        assert_eq!(s("%q", &[GoAny::Int(65)]), "'A'");
    }
}
