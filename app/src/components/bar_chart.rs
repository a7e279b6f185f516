//! A bar chart drawn as SVG on the server: no script, so it shows before (and without) the
//! wasm, prints, and reads the same everywhere. One `role="img"` with a summary in words
//! stands for the whole chart to assistive technology; each bar's exact figure is in its own
//! `<title>`, shown on hover.

use leptos::prelude::*;

// Drawing units (the viewBox); the SVG scales to its container's width.
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 240.0;
const TOP: f64 = 24.0;
const RIGHT: f64 = 8.0;
const BOTTOM: f64 = 28.0;
/// Room for x-axis labels: at most this many, evenly spaced.
const MAX_X_LABELS: usize = 8;

/// A vertical bar chart of `(label, value)` pairs, in order. Negative values count as zero.
#[component]
pub fn BarChart(
    /// What the chart shows, e.g. "Searches per day".
    #[prop(into)]
    title: String,
    bars: Vec<(String, i64)>,
    /// What the values count, e.g. "searches": in the summary, each bar's title and above the
    /// value axis.
    #[prop(into, optional)]
    unit: String,
) -> impl IntoView {
    let summary = summary(&title, &bars, &unit);
    let scale = Scale::for_max(bars.iter().map(|(_, v)| *v).max().unwrap_or(0));
    let left = 12.0 + 7.0 * scale.top.to_string().len() as f64;
    let (plot_w, plot_h) = (WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM);
    let base = TOP + plot_h;
    let band = plot_w / bars.len().max(1) as f64;
    let label_every = bars.len().div_ceil(MAX_X_LABELS).max(1);
    let y_of = move |v: i64| base - plot_h * v.max(0) as f64 / scale.top as f64;

    let ticks = scale
        .ticks()
        .into_iter()
        .map(|t| {
            let y = px(y_of(t));
            view! {
                <g class="bar-chart__tick">
                    <line class="bar-chart__grid" x1=px(left) x2=px(WIDTH - RIGHT) y1=y.clone() y2=y.clone()/>
                    <text class="bar-chart__label" x=px(left - 6.0) y=y text-anchor="end" dominant-baseline="middle">
                        {t.to_string()}
                    </text>
                </g>
            }
        })
        .collect_view();
    let unit_for_bars = unit.clone();
    let columns = bars
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let x = left + band * i as f64;
            let y = y_of(value);
            let tip = format!("{label}: {}", counted(value, &unit_for_bars));
            let x_label = (i % label_every == 0).then(|| {
                view! {
                    <text class="bar-chart__label" x=px(x + band / 2.0) y=px(base + 18.0) text-anchor="middle">
                        {label}
                    </text>
                }
            });
            view! {
                <g class="bar-chart__column">
                    <title>{tip}</title>
                    // The whole column answers hover, so even a zero-height bar shows its title.
                    <rect class="bar-chart__hit" x=px(x) y=px(TOP) width=px(band) height=px(plot_h)/>
                    <rect
                        class="bar-chart__bar"
                        x=px(x + band * 0.1)
                        y=px(y)
                        width=px(band * 0.8)
                        height=px(base - y)
                    />
                    {x_label}
                </g>
            }
        })
        .collect_view();
    let unit_caption = (!unit.is_empty()).then(|| {
        view! {
            <text class="bar-chart__label bar-chart__unit" x=px(left) y=px(TOP - 10.0) text-anchor="start">
                {unit.clone()}
            </text>
        }
    });
    let label = summary.clone();
    view! {
        <svg
            class="bar-chart"
            role="img"
            aria-label=label
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            preserveAspectRatio="xMidYMid meet"
        >
            <title>{summary}</title>
            {ticks}
            {columns}
            {unit_caption}
            <line class="bar-chart__axis" x1=px(left) x2=px(WIDTH - RIGHT) y1=px(base) y2=px(base)/>
            <line class="bar-chart__axis" x1=px(left) x2=px(left) y1=px(TOP) y2=px(base)/>
        </svg>
    }
}

/// A coordinate, short: one decimal is finer than any screen needs.
fn px(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// A value with its unit, e.g. "3 searches".
fn counted(value: i64, unit: &str) -> String {
    if unit.is_empty() {
        value.to_string()
    } else {
        format!("{value} {unit}")
    }
}

/// The chart in words: what it shows, over which labels, its total and its highest bar.
pub fn summary(title: &str, bars: &[(String, i64)], unit: &str) -> String {
    let (Some(first), Some(last)) = (bars.first(), bars.last()) else {
        return format!("{title}: no data.");
    };
    let total: i64 = bars.iter().map(|(_, v)| (*v).max(0)).sum();
    let (high_label, high) = bars.iter().fold(
        (&first.0, first.1),
        |(l, m), (label, v)| if *v > m { (label, *v) } else { (l, m) },
    );
    let span = if bars.len() == 1 {
        first.0.clone()
    } else {
        format!("{} to {}", first.0, last.0)
    };
    format!(
        "{title}, {span}: {} in total; highest {} ({high_label}).",
        counted(total, unit),
        counted(high.max(0), unit)
    )
}

/// The value axis: from zero to `top` in ticks of `step`, a 1, 2 or 5 times a power of ten,
/// so the gridlines fall on round numbers. At most 5 ticks.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Scale {
    top: i64,
    step: i64,
}

impl Scale {
    fn for_max(max: i64) -> Scale {
        let max = max.max(1);
        let mut power = 1i64;
        loop {
            for m in [1, 2, 5] {
                // Saturating: an absurd maximum ends on a huge step rather than overflowing.
                let step = power.saturating_mul(m);
                let top = (max / step + i64::from(max % step != 0)).saturating_mul(step);
                if top / step <= 4 {
                    return Scale { top, step };
                }
            }
            power = power.saturating_mul(10);
        }
    }

    fn ticks(self) -> Vec<i64> {
        (0..=self.top / self.step).map(|i| i * self.step).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_axis_is_round() {
        assert_eq!(Scale::for_max(0).ticks(), vec![0, 1]);
        assert_eq!(Scale::for_max(7).ticks(), vec![0, 2, 4, 6, 8]);
        assert_eq!(Scale::for_max(30).ticks(), vec![0, 10, 20, 30]);
        assert_eq!(Scale::for_max(1234).ticks(), vec![0, 500, 1000, 1500]);
    }

    #[test]
    fn the_summary_says_what_matters() {
        let bars = vec![("Mon".to_string(), 2), ("Tue".to_string(), 5), ("Wed".to_string(), 0)];
        assert_eq!(
            summary("Searches per day", &bars, "searches"),
            "Searches per day, Mon to Wed: 7 searches in total; highest 5 searches (Tue)."
        );
        assert_eq!(summary("Searches", &[], ""), "Searches: no data.");
    }
}
