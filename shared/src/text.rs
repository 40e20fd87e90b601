//! Text as people type it, one rule for every name, title and note: what is
//! blank at the edges (spaces, and the zero-width characters that copying
//! from chat apps leaves behind) and what no text may hold (control
//! characters, and the bidirectional controls that make "txt.exe" read as
//! "exe.txt" or one organisation's name look like another's); and numbers
//! typed on a Chinese keyboard.

/// Zero-width characters: invisible, trimmed at the edges like spaces. Inside
/// a text they stay (a zero-width joiner holds an emoji together).
pub fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Bidirectional formatting controls (embeddings, overrides, isolates and the
/// direction marks): refused anywhere. Chinese and English text never needs them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// `s` without blank at either end: whitespace and zero-width characters.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_zero_width(c))
}

/// Whether `c` may not stand in a one-line text (a name, a title, a place).
pub fn refused_in_line(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Whether `c` may not stand in free text (a note, a reason): line breaks
/// and tabs are allowed there.
pub fn refused_in_text(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c)
}

/// Digits and decimal points typed on a Chinese keyboard, made ASCII
/// ("１２．５" → "12.5"), and the edges trimmed: how numbers are read.
pub fn half_width(text: &str) -> String {
    trim(text)
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            c => c,
        })
        .collect()
}

/// `4000` → `4,000`: how the app and the reports group digits.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `s` with its first letter upper-case: an English error text (lower-case
/// inside a longer one) as a sentence of its own.
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_are_trimmed_of_spaces_and_zero_width_characters() {
        assert_eq!(trim(" \u{200B}河湾社区\u{FEFF}\u{3000}"), "河湾社区");
        assert_eq!(trim("\u{200B}\u{200D}"), "");
        // Inside, a joiner stays (a family emoji).
        assert_eq!(trim("👩\u{200D}👧"), "👩\u{200D}👧");
    }

    #[test]
    fn bidi_controls_are_refused_everywhere() {
        for c in [
            '\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}',
        ] {
            assert!(refused_in_line(c), "{:04X}", c as u32);
            assert!(refused_in_text(c), "{:04X}", c as u32);
        }
        assert!(refused_in_line('\n'));
        assert!(!refused_in_text('\n'));
        assert!(!refused_in_line('河'));
        assert!(!refused_in_line('\u{200D}'));
    }
}
