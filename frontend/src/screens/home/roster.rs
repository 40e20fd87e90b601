//! The executive committees (执委) of the organisations this account sees: who serves today and every change with its date and reason, folded
//! from the committee-change entries on this phone (`shared::roster`).

use crate::logic::org_list;
use crate::state::ledger::Ledger;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::access::Principal;
use shared::catalogue::Catalogue;
use shared::org::OrgTree;

/// The committees with any recorded change, of every organisation the account sees.
#[component]
pub fn RosterCard() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let tree = expect_context::<Memo<OrgTree>>();
    let who = expect_context::<Memo<Principal>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let rosters = Memo::new(move |_| {
        // Every organisation the account sees, not only those it records
        // for: a read-only account records for none.
        let orgs = tree.with(|t| org_list::readable(t, &who.get()));
        catalogue.with(|c| {
            orgs.into_iter()
                .map(|(id, _)| (id, ledger.roster(c, id)))
                .filter(|(_, r)| !r.changes.is_empty())
                .map(|(id, r)| (tree.with(|t| org_list::name_of(t, &id, lang.get())), r))
                .collect::<Vec<_>>()
        })
    });
    let body = move || {
        let l = lang.get();
        rosters.with(|all| {
            all.iter()
                .map(|(name, r)| {
                    let members = r
                        .members
                        .iter()
                        .map(|m| {
                            let since = match l {
                                Lang::Zh => format!("{}起", m.since),
                                Lang::En => format!("since {}", m.since),
                            };
                            view! { <li class="member"><strong>{m.name.clone()}</strong> " " <span class="hint">{since}</span></li> }
                        })
                        .collect_view();
                    let changes = r
                        .changes
                        .iter()
                        .rev()
                        .map(|c| {
                            let what = match (c.change, l) {
                                (shared::entry::MemberChange::Replaced, Lang::Zh) => {
                                    format!("{} 替换 {}", c.name, c.replaces)
                                }
                                (shared::entry::MemberChange::Replaced, Lang::En) => {
                                    format!("{} replaced {}", c.name, c.replaces)
                                }
                                (other, l) => format!("{} {}", c.name, other.label(l)),
                            };
                            let reason = (!c.reason.is_empty()).then(|| format!(" · {}", c.reason));
                            view! { <li>{c.date.to_string()} " " {what} {reason}</li> }
                        })
                        .collect_view();
                    let count = r.members.len();
                    view! {
                        <div class="roster">
                            <h3>{name.clone()} " " <span class="count">{count}</span></h3>
                            <ul class="members">{members}</ul>
                            <details>
                                <summary>{l.pick("变动记录（进退）", "Changes")}</summary>
                                <ul class="roster-changes">{changes}</ul>
                            </details>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section id="roster" class="card" aria-labelledby="roster-heading">
            <h2 id="roster-heading">{zh_en(lang, "执委名单", "Executive committee")}</h2>
            <Show when=move || rosters.with(Vec::is_empty)>
                <p class="hint">{zh_en(lang,
                    "记录“执委进退”（增补、退出、调整）后，这里显示当前执委名单和变动记录。",
                    "Record committee changes (joined, left, replaced) and the current committee shows here.")}</p>
            </Show>
            {body}
        </section>
    }
}
