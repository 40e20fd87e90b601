//! The report's two charts, drawn as SVG from `logic::dashboard`'s geometry:
//! entries per work line (bars) and entries per month (a line).

use crate::logic::dashboard::{bars, line_points, points_attr};
use crate::logic::svg_number::tenths;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::catalogue::Catalogue;
use shared::report::build::Report;

/// Width of the charts' coordinate space; they scale to the card.
const W: f64 = 360.0;
/// Where bars start (line names sit to the left).
const LABEL_W: f64 = 128.0;
/// Height of one bar's row.
const ROW: f64 = 26.0;

#[component]
pub fn Charts(report: StoredValue<Report>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let by_line = move || {
        let l = lang.get();
        let rows: Vec<(String, u64)> = report.with_value(|r| {
            catalogue.with(|c| {
                r.lines
                    .iter()
                    .map(|line| {
                        let name = c.line(&line.code).map_or_else(
                            || l.pick("其他", "Other").to_owned(),
                            |w| w.name(l).to_owned(),
                        );
                        (name, line.sums.records)
                    })
                    .collect()
            })
        });
        let values: Vec<u64> = rows.iter().map(|(_, v)| *v).collect();
        let (top, geometry) = bars(&values, W - LABEL_W - 40.0, ROW);
        let height = rows.len() as f64 * ROW + 18.0;
        let label = match l {
            Lang::Zh => format!("各条线记录数柱状图，最大刻度{top}"),
            Lang::En => format!("Entries per work line, scale up to {top}"),
        };
        let items = rows
            .into_iter()
            .zip(geometry)
            .map(|((name, value), bar)| {
                let y_text = bar.y + bar.height / 2.0 + 4.0;
                view! {
                    <g class="bar" data-value=value>
                        <text x=tenths(LABEL_W - 6.0) y=tenths(y_text) text-anchor="end" class="chart-label">{name.clone()}</text>
                        <rect x=tenths(LABEL_W) y=tenths(bar.y) width=tenths(bar.width.max(0.5)) height=tenths(bar.height) rx="2">
                            <title>{format!("{name}: {value}")}</title>
                        </rect>
                        <text x=tenths(LABEL_W + bar.width + 4.0) y=tenths(y_text) class="chart-value">{value}</text>
                    </g>
                }
            })
            .collect_view();
        view! {
            <svg id="chart-lines" class="chart" viewBox=format!("0 0 {} {}", tenths(W), tenths(height)) role="img" aria-label=label>
                {items}
            </svg>
        }
    };
    let by_month = move || {
        let l = lang.get();
        let (labels, values): (Vec<String>, Vec<u64>) = report.with_value(|r| {
            r.months
                .iter()
                .map(|m| {
                    let label = match l {
                        Lang::Zh => format!("{}月", m.month.month),
                        Lang::En => format!("{:02}", m.month.month),
                    };
                    (label, m.sums.records)
                })
                .unzip()
        });
        let (plot_w, plot_h, left, top_pad) = (W - 44.0, 130.0, 34.0, 10.0);
        let (top, points) = line_points(&values, plot_w, plot_h);
        let shifted: Vec<(f64, f64)> = points
            .iter()
            .map(|(x, y)| (x + left, y + top_pad))
            .collect();
        let every = (labels.len() / 12).max(1);
        let ticks = labels
            .iter()
            .zip(&shifted)
            .enumerate()
            .filter(|(i, _)| i % every == 0)
            .map(|(_, (label, (x, _)))| {
                view! { <text x=tenths(*x) y=tenths(top_pad + plot_h + 16.0) text-anchor="middle" class="chart-label">{label.clone()}</text> }
            })
            .collect_view();
        let dots = shifted
            .iter()
            .zip(labels.iter().zip(&values))
            .map(|((x, y), (label, v))| {
                view! { <circle cx=tenths(*x) cy=tenths(*y) r="3"><title>{format!("{label}: {v}")}</title></circle> }
            })
            .collect_view();
        let grid = [0, top / 2, top]
            .into_iter()
            .map(|g| {
                let y = top_pad + plot_h - g as f64 / top as f64 * plot_h;
                view! {
                    <line x1=tenths(left) x2=tenths(left + plot_w) y1=tenths(y) y2=tenths(y) class="chart-grid"/>
                    <text x=tenths(left - 4.0) y=tenths(y + 4.0) text-anchor="end" class="chart-label">{g}</text>
                }
            })
            .collect_view();
        let label = match l {
            Lang::Zh => format!("每月记录数折线图，共{}个月", values.len()),
            Lang::En => format!("Entries per month, {} months", values.len()),
        };
        view! {
            <svg id="chart-months" class="chart" viewBox=format!("0 0 {} {}", tenths(W), tenths(top_pad + plot_h + 24.0)) role="img" aria-label=label>
                {grid}
                <polyline points=points_attr(&shifted) class="chart-line" fill="none"/>
                {dots}
                {ticks}
            </svg>
        }
    };
    view! {
        <section class="card report-charts" aria-labelledby="charts-heading">
            <h2 id="charts-heading">{zh_en(lang, "图表", "Charts")}</h2>
            <h3>{zh_en(lang, "各条线记录数", "Entries per work line")}</h3>
            {by_line}
            <h3>{zh_en(lang, "每月记录数", "Entries per month")}</h3>
            {by_month}
        </section>
    }
}
