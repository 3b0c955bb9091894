//! Charts as self-contained SVG: horizontal bar charts (long Chinese labels
//! read best on the left) and line charts over years. No script, no font
//! download: text uses a CJK font list the viewer's system has.

use std::fmt::Write;

/// The font list of every chart.
pub const FONTS: &str =
    r#""Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif"#;

/// Series colours (colour-blind-safe palette).
pub const PALETTE: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
];

/// Escape text for SVG/HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The approximate width of text at `size` px: CJK and full-width
/// characters one em, others 0.6 em.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.6 })
        .sum::<f64>()
        * size
}

/// Cut a label to `max` px, ending in `…`.
fn fit(s: &str, size: f64, max: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if text_width(&out, size) + text_width(&c.to_string(), size) + size > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Axis ticks: a step of 1, 2 or 5 × 10ⁿ giving at most about `n` ticks, and
/// the axis end (a multiple of the step at or above `max`).
pub fn nice_ticks(max: f64, n: usize) -> (f64, f64) {
    if !max.is_finite() || max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let top = (max / step).ceil() * step;
    (step, top.max(step))
}

/// A number for an axis or a bar: integers without decimals, thousands
/// unseparated; percentages with one decimal.
pub fn format_value(v: f64, percent: bool) -> String {
    if percent {
        return format!("{:.1}%", v * 100.0);
    }
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.2}")
    }
}

/// One series of values, one per category.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    /// `None`: no value (drawn as a gap, labelled —).
    pub values: Vec<Option<f64>>,
}

/// A horizontal bar chart: categories down the left, one bar per series.
#[derive(Debug, Clone)]
pub struct BarChart {
    pub title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Values are shares (0..1), shown as percentages.
    pub percent: bool,
    pub width: f64,
}

fn svg_open(out: &mut String, w: f64, h: f64, title: &str) {
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family='{FONTS}' role="img" aria-label="{t}"><rect width="100%" height="100%" fill="#fff"/><text x="12" y="24" font-size="16" font-weight="bold" fill="#222">{t}</text>"##,
        t = escape(title)
    );
}

fn legend(out: &mut String, series: &[Series], x0: f64, y: f64) {
    let mut x = x0;
    for (i, s) in series.iter().enumerate() {
        let _ = write!(
            out,
            r##"<rect x="{x:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#333">{}</text>"##,
            y - 10.0,
            PALETTE[i % PALETTE.len()],
            x + 16.0,
            y,
            escape(&s.name)
        );
        x += 16.0 + text_width(&s.name, 12.0) + 18.0;
    }
}

impl BarChart {
    pub fn render(&self) -> String {
        let label_w = self
            .categories
            .iter()
            .map(|c| text_width(c, 12.0))
            .fold(60.0, f64::max)
            .min(self.width * 0.35)
            + 12.0;
        let nser = self.series.len().max(1);
        let bar_h = if nser == 1 { 18.0 } else { 12.0 };
        let group_h = bar_h * nser as f64 + 10.0;
        let top = if nser > 1 { 58.0 } else { 40.0 };
        let plot_h = group_h * self.categories.len().max(1) as f64;
        let h = top + plot_h + 34.0;
        let x0 = label_w + 8.0;
        let value_room = 64.0;
        let plot_w = (self.width - x0 - value_room).max(50.0);
        let max = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .fold(0.0f64, |m, v| m.max(*v));
        let (step, end) = if self.percent {
            let (s, e) = nice_ticks(max.max(0.01), 5);
            (s, e.min(1.0).max(s))
        } else {
            nice_ticks(max, 5)
        };
        let scale = |v: f64| (v.max(0.0) / end).min(1.0) * plot_w;
        let mut out = String::new();
        svg_open(&mut out, self.width, h, &self.title);
        if nser > 1 {
            legend(&mut out, &self.series, x0, 46.0);
        }
        // Grid and axis labels.
        let mut t = 0.0;
        while t <= end + step * 1e-6 {
            let x = x0 + scale(t);
            let _ = write!(
                out,
                r##"<line x1="{x:.1}" y1="{top:.1}" x2="{x:.1}" y2="{:.1}" stroke="#e3e3e3"/><text x="{x:.1}" y="{:.1}" font-size="11" fill="#666" text-anchor="middle">{}</text>"##,
                top + plot_h,
                top + plot_h + 16.0,
                format_value(t, self.percent)
            );
            t += step;
        }
        for (ci, cat) in self.categories.iter().enumerate() {
            let gy = top + ci as f64 * group_h + 5.0;
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#222" text-anchor="end"><title>{}</title>{}</text>"##,
                label_w,
                gy + bar_h * nser as f64 / 2.0 + 4.0,
                escape(cat),
                escape(&fit(cat, 12.0, label_w - 4.0))
            );
            for (si, s) in self.series.iter().enumerate() {
                let y = gy + si as f64 * bar_h;
                let v = s.values.get(ci).copied().flatten();
                let w = v.map(scale).unwrap_or(0.0);
                let _ = write!(
                    out,
                    r##"<rect x="{x0:.1}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{}"><title>{}：{}</title></rect><text x="{:.1}" y="{:.1}" font-size="11" fill="#333">{}</text>"##,
                    bar_h - 2.0,
                    PALETTE[si % PALETTE.len()],
                    escape(&s.name),
                    v.map(|v| format_value(v, self.percent))
                        .unwrap_or_else(|| "—".into()),
                    x0 + w + 4.0,
                    y + bar_h - 4.0,
                    v.map(|v| format_value(v, self.percent))
                        .unwrap_or_else(|| "—".into()),
                );
            }
        }
        let _ = write!(
            out,
            r##"<line x1="{x0:.1}" y1="{top:.1}" x2="{x0:.1}" y2="{:.1}" stroke="#888"/></svg>"##,
            top + plot_h
        );
        out
    }
}

/// A line chart over ordered points (years).
#[derive(Debug, Clone)]
pub struct LineChart {
    pub title: String,
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
    pub width: f64,
    pub height: f64,
}

impl LineChart {
    pub fn render(&self) -> String {
        let (w, h) = (self.width, self.height);
        let max = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .fold(0.0f64, |m, v| m.max(*v));
        let (step, end) = nice_ticks(max, 5);
        let axis_w = text_width(&format_value(end, false), 11.0) + 16.0;
        let (x0, x1, y0, y1) = (axis_w.max(40.0), w - 24.0, 62.0, h - 36.0);
        let n = self.x_labels.len();
        let px = |i: usize| {
            if n <= 1 {
                (x0 + x1) / 2.0
            } else {
                x0 + (x1 - x0) * i as f64 / (n - 1) as f64
            }
        };
        let py = |v: f64| y1 - (v.max(0.0) / end).min(1.0) * (y1 - y0);
        let mut out = String::new();
        svg_open(&mut out, w, h, &self.title);
        legend(&mut out, &self.series, x0, 46.0);
        let mut t = 0.0;
        while t <= end + step * 1e-6 {
            let y = py(t);
            let _ = write!(
                out,
                r##"<line x1="{x0:.1}" y1="{y:.1}" x2="{x1:.1}" y2="{y:.1}" stroke="#e3e3e3"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#666" text-anchor="end">{}</text>"##,
                x0 - 6.0,
                y + 4.0,
                format_value(t, false)
            );
            t += step;
        }
        for (i, l) in self.x_labels.iter().enumerate() {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#333" text-anchor="middle">{}</text>"##,
                px(i),
                y1 + 18.0,
                escape(l)
            );
        }
        for (si, s) in self.series.iter().enumerate() {
            let color = PALETTE[si % PALETTE.len()];
            // Lines join consecutive points that have values.
            let mut path = String::new();
            let mut pen = false;
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let _ = write!(
                            path,
                            "{}{:.1},{:.1} ",
                            if pen { "L" } else { "M" },
                            px(i),
                            py(*v)
                        );
                        pen = true;
                    }
                    None => pen = false,
                }
            }
            let _ = write!(
                out,
                r#"<path d="{}" fill="none" stroke="{color}" stroke-width="2"/>"#,
                path.trim_end()
            );
            for (i, v) in s.values.iter().enumerate() {
                if let Some(v) = v {
                    let _ = write!(
                        out,
                        r##"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{color}"><title>{} {}：{}</title></circle>"##,
                        px(i),
                        py(*v),
                        escape(&s.name),
                        escape(self.x_labels.get(i).map(String::as_str).unwrap_or("")),
                        format_value(*v, false)
                    );
                }
            }
        }
        let _ = write!(
            out,
            r##"<line x1="{x0:.1}" y1="{y1:.1}" x2="{x1:.1}" y2="{y1:.1}" stroke="#888"/></svg>"##
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(nice_ticks(95.0, 5), (20.0, 100.0));
        assert_eq!(nice_ticks(1234.0, 5), (500.0, 1500.0));
        assert_eq!(nice_ticks(0.0, 5), (1.0, 1.0));
        assert_eq!(nice_ticks(3.0, 5), (1.0, 3.0));
        let (s, e) = nice_ticks(0.37, 5);
        assert!((s - 0.1).abs() < 1e-12 && (e - 0.4).abs() < 1e-9);
        assert_eq!(nice_ticks(f64::NAN, 5), (1.0, 1.0));
    }

    #[test]
    fn labels_fit_and_escape() {
        assert_eq!(text_width("ab", 10.0), 12.0);
        assert_eq!(text_width("公开", 10.0), 20.0);
        let long = "某某省某某市某某区人民政府办公室";
        let cut = fit(long, 12.0, 60.0);
        assert!(cut.ends_with('…') && text_width(&cut, 12.0) <= 60.0 + 12.0);
        assert_eq!(escape("<a&'\">"), "&lt;a&amp;&#39;&quot;&gt;");
    }

    fn parse_ok(svg: &str) {
        // Balanced tags: every opened element is closed (a cheap XML check).
        let opened = svg.matches("<rect").count()
            + svg.matches("<text").count()
            + svg.matches("<circle").count();
        let closed = svg.matches("</text>").count()
            + svg.matches("/>").count()
            + svg.matches("</rect>").count()
            + svg.matches("</circle>").count();
        assert!(closed >= opened, "{svg}");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn bar_chart_draws_every_value() {
        let c = BarChart {
            title: "办理结果 <总>".into(),
            categories: vec!["（一）予以公开".into(), "（二）部分公开".into()],
            series: vec![
                Series {
                    name: "2023".into(),
                    values: vec![Some(10.0), Some(0.0)],
                },
                Series {
                    name: "2024".into(),
                    values: vec![Some(25.0), None],
                },
            ],
            percent: false,
            width: 600.0,
        };
        let svg = c.render();
        parse_ok(&svg);
        assert!(svg.contains("办理结果 &lt;总&gt;"));
        assert!(svg.contains(">25<") && svg.contains(">10<") && svg.contains(">—<"));
        assert!(svg.contains("Noto Sans CJK SC"));
    }

    #[test]
    fn line_chart_skips_gaps() {
        let c = LineChart {
            title: "趋势".into(),
            x_labels: vec!["2021".into(), "2022".into(), "2023".into()],
            series: vec![Series {
                name: "新收".into(),
                values: vec![Some(5.0), None, Some(7.0)],
            }],
            width: 600.0,
            height: 300.0,
        };
        let svg = c.render();
        parse_ok(&svg);
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(
            svg.matches('M').count() - svg.matches("Microsoft").count(),
            2
        );
    }
}
