//! One row of a totals table — a name, its entries, its totals — as the home
//! screen's work lines and the report's lines and kinds show it. Attributes
//! given after `{..}` (a class, `data-line`) go on the `<tr>`.

use leptos::prelude::*;

/// `<tr><th>name</th><td>entries</td><td>totals</td></tr>`.
#[component]
pub fn SumsRow(
    /// What the row is about (a work line, a kind).
    name: String,
    /// How many entries.
    records: u64,
    /// Its totals as text ("80场 · 4,052人次").
    detail: String,
    /// Extra classes for the name cell.
    #[prop(optional)]
    name_class: &'static str,
) -> impl IntoView {
    view! {
        <tr>
            <th scope="row" class=name_class>{name}</th>
            <td class="num">{records}</td>
            <td>{detail}</td>
        </tr>
    }
}
