//! Numbers as the screens show them: counts with their measure word, money
//! from fen, exact (the rounded "80余场" style belongs to the yearly report).

use shared::catalogue::Unit;
use shared::money::Fen;
use shared::report::totals::Sums;
use shared::Lang;

/// `1234567` → `1,234,567`: the reports' grouping.
pub use shared::text::thousands;

/// Fen as 元, exact: "15,000元", "6,050.50元"; "15,000 yuan" in English.
pub fn money(fen: u64, lang: Lang) -> String {
    Fen(fen).grouped(lang)
}

/// A count with its measure word: "80场", "4,000人次", "80 sessions".
pub fn count(n: u64, unit: Unit, lang: Lang) -> String {
    if unit == Unit::MoneyFen {
        return money(n, lang);
    }
    match lang {
        Lang::Zh => format!("{}{}", thousands(n), unit.measure_word(lang)),
        Lang::En if n == 1 => format!("1 {}", singular(unit)),
        Lang::En => format!("{} {}", thousands(n), unit.measure_word(lang)),
    }
}

/// Every unit of `sums` with its measure word: "80场 · 4,052人次 · 1.5万元",
/// exact (a table's "totals" cell).
pub fn units(sums: &Sums, lang: Lang) -> String {
    sums.by_unit
        .iter()
        .filter(|(_, v)| **v > 0)
        .map(|(u, v)| count(*v, *u, lang))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The English noun for one of `unit` ("1 session", not "1 sessions").
fn singular(unit: Unit) -> &'static str {
    match unit {
        Unit::Sessions => "session",
        Unit::Times => "time",
        Unit::Attendances => "attendance",
        Unit::People | Unit::Persons => "person",
        Unit::Households => "household",
        Unit::Organisations => "organisation",
        Unit::Documents => "document",
        Unit::MoneyFen => "yuan",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(money(1_500_000, Lang::Zh), "15,000元");
        assert_eq!(money(605_050, Lang::Zh), "6,050.50元");
        assert_eq!(money(5, Lang::En), "0.05 yuan");
        assert_eq!(count(80, Unit::Sessions, Lang::Zh), "80场");
        assert_eq!(count(4000, Unit::Attendances, Lang::Zh), "4,000人次");
        assert_eq!(count(26, Unit::Households, Lang::En), "26 households");
    }

    #[test]
    fn one_in_english_is_singular() {
        assert_eq!(count(1, Unit::Sessions, Lang::En), "1 session");
        assert_eq!(count(1, Unit::Times, Lang::En), "1 time");
        assert_eq!(count(1, Unit::Persons, Lang::En), "1 person");
        assert_eq!(count(1, Unit::Households, Lang::En), "1 household");
        assert_eq!(count(0, Unit::Sessions, Lang::En), "0 sessions");
        assert_eq!(count(1, Unit::Sessions, Lang::Zh), "1场");
    }
}
